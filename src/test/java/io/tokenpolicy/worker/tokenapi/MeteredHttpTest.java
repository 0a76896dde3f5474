package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.junit.jupiter.api.Test;

class MeteredHttpTest {

    private static final URI TOKENS = URI.create("http://gateway.example/api/token/");

    @Test
    void routesAreNamedByWhatTheCallDoesNeverByTheTokenInItsUrl() {
        assertThat(MeteredHttp.routeOf(new HttpUriRequestBase("GET", TOKENS.resolve("4711"))))
                .isEqualTo("read");
        assertThat(MeteredHttp.routeOf(new HttpUriRequestBase("PUT", TOKENS))).isEqualTo("replace");
        assertThat(MeteredHttp.routeOf(new HttpUriRequestBase("PUT", TOKENS.resolve("?status_only=true"))))
                .isEqualTo("status");
    }
}
