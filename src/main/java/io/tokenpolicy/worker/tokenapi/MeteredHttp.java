package io.tokenpolicy.worker.tokenapi;

import io.tokenpolicy.worker.ops.HttpStatusTag;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The HTTP client with every call counted and timed by route and status. The route is one of
 * three names, never the URL, which holds the token id.
 */
final class MeteredHttp {

    private final HttpClient http;
    private final WorkerMetrics metrics;

    MeteredHttp(HttpClient http, WorkerMetrics metrics) {
        this.http = http;
        this.metrics = metrics;
    }

    HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        String route = routeOf(request);
        long start = System.nanoTime();
        metrics.gatewayCallStarted();
        String status = "io_error";
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            status = HttpStatusTag.of(response.statusCode());
            return response;
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
