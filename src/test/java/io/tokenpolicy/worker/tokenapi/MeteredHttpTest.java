package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

class MeteredHttpTest {

    private static final URI TOKENS = URI.create("http://gateway.example/api/token/");

    @Test
    void routesAreNamedByWhatTheCallDoesNeverByTheTokenInItsUrl() {
        assertThat(MeteredHttp.routeOf(
                        HttpRequest.newBuilder(TOKENS.resolve("4711")).GET().build()))
                .isEqualTo("read");
        assertThat(MeteredHttp.routeOf(put(TOKENS))).isEqualTo("replace");
        assertThat(MeteredHttp.routeOf(put(TOKENS.resolve("?status_only=true"))))
                .isEqualTo("status");
    }

    private static HttpRequest put(URI uri) {
        return HttpRequest.newBuilder(uri)
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
    }
}
