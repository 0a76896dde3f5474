package io.tokenpolicy.worker.gatewaycontract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-demand contract run names its gateway clearly and takes the access token only from a file or the environment. */
class GatewayUnderTestTest {

    @Test
    void withoutAGatewayUrlItFailsAndSaysHowToRun() {
        assertThatThrownBy(() -> GatewayUnderTest.of(new Properties(), Map.of("GATEWAY_ACCESS_TOKEN", "secret")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gateway.url is not set")
                .hasMessageContaining("./mvnw -Pgateway-contract verify -Dgateway.url=");
    }

    @Test
    void anAccessTokenOnTheCommandLineIsRefused() {
        Properties properties = properties("gateway.token", "secret");

        assertThatThrownBy(() -> GatewayUnderTest.of(properties, Map.of()))
                .hasMessageContaining("gateway.token is refused")
                .hasMessageNotContaining("secret");
    }

    @Test
    void theAccessTokenComesFromTheEnvironmentOrAFileAndIsNeverShown(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "from-file\n");
        Properties fromFile = properties("gateway.token-file", file.toString());

        GatewayUnderTest environment = GatewayUnderTest.of(properties(), Map.of("GATEWAY_ACCESS_TOKEN", "from-env"));
        GatewayUnderTest filed = GatewayUnderTest.of(fromFile, Map.of("GATEWAY_ACCESS_TOKEN", "from-env"));

        assertThat(environment.accessToken()).isEqualTo("from-env");
        assertThat(filed.accessToken()).isEqualTo("from-file");
        assertThat(filed.toString())
                .isEqualTo("http://127.0.0.1:3000 as user 7")
                .doesNotContain("from-file");
    }

    @Test
    void withoutAnAccessTokenItFails() {
        assertThatThrownBy(() -> GatewayUnderTest.of(properties(), Map.of())).hasMessageContaining("no access token");
    }

    private static Properties properties(String... more) {
        Properties properties = new Properties();
        properties.setProperty("gateway.url", "http://127.0.0.1:3000/");
        properties.setProperty("gateway.user", "7");
        for (int i = 0; i < more.length; i += 2) {
            properties.setProperty(more[i], more[i + 1]);
        }
        return properties;
    }
}
