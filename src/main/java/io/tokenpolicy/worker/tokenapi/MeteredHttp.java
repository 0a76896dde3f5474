package io.tokenpolicy.worker.tokenapi;

import io.tokenpolicy.worker.ops.HttpStatusTag;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.HttpRequest;

/**
 * The HTTP client with every call counted and timed by route and status. The route is one of
 * four names (read, list, replace, status), never the URL, which holds the token id.
 */
final class MeteredHttp {

    private final GatewayHttp http;
    private final WorkerMetrics metrics;

    MeteredHttp(GatewayHttp http, WorkerMetrics metrics) {
        this.http = http;
        this.metrics = metrics;
    }

    HttpAnswer send(HttpUriRequestBase request) throws IOException {
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
        if ("GET".equals(request.getMethod())) {
            return request.getPath().contains("?p=") ? WorkerMetrics.LIST : WorkerMetrics.READ;
        }
        return request.getPath().contains("?status_only") ? WorkerMetrics.STATUS : WorkerMetrics.REPLACE;
    }
}
