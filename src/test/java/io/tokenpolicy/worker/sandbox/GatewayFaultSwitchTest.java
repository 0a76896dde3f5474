package io.tokenpolicy.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GatewayFaultSwitchTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final TokenApiEmulator gateway = TokenApiEmulator.start(0).addUser(1, "t");
    private final GatewayFaultSwitch faults = GatewayFaultSwitch.start("127.0.0.1", 0, gateway);

    @AfterEach
    void stop() {
        faults.close();
        gateway.close();
    }

    @Test
    void postFailsEveryGatewayCallWith503UntilDeleteEndsIt() throws Exception {
        HttpResponse<String> on = call("POST", "?mode=503&seconds=60");

        assertThat(on.statusCode()).isEqualTo(200);
        assertThat(on.body()).startsWith("the gateway answers 503 to every call for 60 s, until ");
        assertThat(tokenCall()).isEqualTo(503);
        assertThat(call("GET", "").body()).isEqualTo(on.body());

        assertThat(call("DELETE", "").body()).isEqualTo("the gateway answers normally\n");
        assertThat(tokenCall()).isEqualTo(401);
    }

    @Test
    void aModeOrDurationItDoesNotKnowIsRefusedInOneLine() throws Exception {
        HttpResponse<String> mode = call("POST", "?mode=504");
        HttpResponse<String> seconds = call("POST", "?seconds=forever");

        assertThat(mode.statusCode()).isEqualTo(400);
        assertThat(mode.body()).isEqualTo("mode must be one of 503, 502, drop, was 504\n");
        assertThat(seconds.statusCode()).isEqualTo(400);
        assertThat(seconds.body()).isEqualTo("seconds must be from 1 to 3600, was forever\n");
        assertThat(tokenCall()).isEqualTo(401);
    }

    private HttpResponse<String> call(String method, String query) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + faults.port() + GatewayFaultSwitch.PATH + query))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A call to the token API without credentials: 401 when the gateway answers normally. */
    private int tokenCall() throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/token/1"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
