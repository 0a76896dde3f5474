package io.tokenpolicy.bench;

import io.tokenpolicy.worker.sandbox.SandboxKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The throughput benchmark of issue 3, run by {@code ./mvnw -B -Pbench verify} (see
 * {@code docs/performance.md}): one in-process Kafka broker, then for each scenario each
 * implementation in turn against a fresh gateway emulator, on the same events. Prints the table
 * and writes it under {@code target/bench/}. Not a test: it measures, it does not judge, so it
 * exits 0 whether or not the targets are met, and non-zero only when it could not run.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) {
        Instant started = Instant.now();
        BenchSettings settings = BenchSettings.fromSystemProperties();
        List<Scenario> scenarios = Scenario.all(settings.scale(), settings.warmUp()).stream()
                .filter(scenario -> settings.scenarios().contains(scenario.name()))
                .toList();
        List<RunResult> results = new ArrayList<>();
        try (SandboxKafkaBroker broker = SandboxKafkaBroker.start("127.0.0.1", freePort())) {
            ChildLaunch launch = new ChildLaunch(settings, Classpaths.of(settings.target()), broker.bootstrapServers());
            BenchRun runner = new BenchRun(broker, launch, settings.runTimeout());
            for (Scenario scenario : scenarios) {
                for (Implementation implementation : scenario.implementations()) {
                    if (settings.runs(scenario, implementation)) {
                        results.add(timed(runner, scenario, implementation));
                    }
                }
            }
        }
        BenchReport report = new BenchReport(BenchEnvironment.of(settings, started), scenarios, results);
        report.write(settings.results());
        System.out.println(report.markdown());
        System.out.println("Written to " + settings.results().resolve("results.md") + " and results.json");
        System.exit(0);
    }

    private static RunResult timed(BenchRun runner, Scenario scenario, Implementation implementation) {
        System.out.printf("[bench] %s %-7s %,d events ...%n", scenario.name(), implementation.id(), scenario.events());
        long start = System.nanoTime();
        RunResult result = runner.run(scenario, implementation);
        System.out.printf(
                "[bench] %s %-7s %.0f events/s, %.2f calls/event, %s (run took %d s)%n",
                scenario.name(),
                implementation.id(),
                result.eventsPerSecond(),
                result.callsPerEvent(),
                result.error() != null ? "FAILED: " + result.error() : result.complete() ? "complete" : "INCOMPLETE",
                (System.nanoTime() - start) / 1_000_000_000L);
        return result;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the broker", e);
        }
    }
}
