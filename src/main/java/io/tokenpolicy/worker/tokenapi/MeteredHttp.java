package io.tokenpolicy.worker.tokenapi;

import io.tokenpolicy.worker.ops.HttpStatusTag;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import java.io.IOException;
import java.net.http.HttpRequest;

/**
 * The HTTP client with every call counted and timed by route and status. The route is one of
 * three names, never the URL, which holds the token id.
 */
final class MeteredHttp {

    private final KeepAliveHttp http;
    private final WorkerMetrics metrics;

    MeteredHttp(KeepAliveHttp http, WorkerMetrics metrics) {
        this.http = http;
        this.metrics = metrics;
    }

    HttpAnswer send(HttpRequest request) throws IOException {
        String route = routeOf(request);
        long start = System.nanoTime();
        metrics.gatewayCallStarted();
        String status = "io_error";
        try {
            HttpAnswer answer = http.send(request);
            status = HttpStatusTag.of(answer.status());
            return answer;
        } catch (IOException failed) {
            status = HttpStatusTag.of(failed);
            throw failed;
        } finally {
            metrics.gatewayCallEnded(route, status, System.nanoTime() - start);
        }
    }

    static String routeOf(HttpRequest request) {
        if ("GET".equals(request.method())) {
            return "read";
        }
        String query = request.uri().getRawQuery();
        return query != null && query.contains("status_only") ? "status" : "replace";
    }
}
