#!/usr/bin/env python3
"""Draws the main panels of the Grafana dashboard from a Prometheus that scraped a run, as Grafana would show them.

Each panel's PromQL is taken from the dashboard JSON as it is ($__rate_interval and $instance filled in) and evaluated
by Prometheus over the run; matplotlib draws the series with the panel's title and legend. Usage:
  render-panels.py PROMETHEUS_URL START END OUT.png   (START and END in Unix seconds)
"""
import json
import re
import sys
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboards" / "token-policy-worker.json"
MAIN_PANELS = [
    "Throughput by result", "Results by event type", "Outcome latency",
    "Gateway calls by route and status", "Gateway call latency", "Retries and 429s",
    "Circuit state", "Rate-limit waits", "Parked on the DLT by reason",
    "Consumer lag", "Buffered records and paused partitions", "Duplicates suppressed and events coalesced",
]
RATE_INTERVAL = "10s"  # Grafana's $__rate_interval for a 2 s scrape: four scrape intervals
STEP = 2


def query_range(prometheus, expr, start, end):
    params = urllib.parse.urlencode({"query": expr, "start": start, "end": end, "step": STEP})
    with urllib.request.urlopen(f"{prometheus}/api/v1/query_range?{params}") as answer:
        body = json.load(answer)
    if body["status"] != "success":
        raise SystemExit(f"{expr}: {body}")
    return body["data"]["result"]


def legend(fmt, labels):
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: labels.get(m.group(1), ""), fmt) or str(labels)


def main(prometheus, start, end, out):
    panels = {p["title"]: p for p in json.loads(DASHBOARD.read_text())["panels"] if p["type"] != "row"}
    figure, axes = plt.subplots(4, 3, figsize=(18, 15), sharex=True)
    for title, ax in zip(MAIN_PANELS, axes.flat):
        panel = panels[title]
        for target in panel["targets"]:
            expr = target["expr"].replace("$__rate_interval", RATE_INTERVAL).replace("$instance", ".*")
            for series in query_range(prometheus, expr, start, end):
                answered = {int(float(t)): float(v) for t, v in series["values"]}
                steps = range(start, end + 1, STEP)  # a step without a value is a gap, as in Grafana
                times = [datetime.fromtimestamp(t, timezone.utc) for t in steps]
                values = [answered.get(t, float("nan")) for t in steps]
                step = panel["fieldConfig"]["defaults"].get("custom", {}).get("lineInterpolation") == "stepAfter"
                ax.plot(times, values, label=legend(target["legendFormat"], series["metric"]), lw=1.2,
                        drawstyle="steps-post" if step else "default")
        ax.set_title(title, loc="left", fontsize=11)
        ax.set_ylabel(panel["fieldConfig"]["defaults"]["unit"], fontsize=8)
        ax.grid(alpha=0.3)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M", tz=timezone.utc))
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=7, loc="upper right")
    figure.suptitle("token-policy-worker: the dashboard's main panels over a sandbox run (UTC)", fontsize=13)
    figure.tight_layout()
    figure.savefig(out, dpi=80)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
