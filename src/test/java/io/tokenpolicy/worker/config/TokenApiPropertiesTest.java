package io.tokenpolicy.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenApiPropertiesTest {

    private static final URI GATEWAY = URI.create("http://gateway:3000");
    private static final Path FILE = Path.of("/etc/worker/credentials.yaml");

    @Test
    void oneUserTakesItsIdAndAccessToken() {
        assertThat(properties(1L, "secret", null).userId()).isEqualTo(1L);
        assertThatThrownBy(() -> properties(null, "secret", null))
                .hasMessage("token-api.access-token needs token-api.user-id");
    }

    @Test
    void manyUsersTakeACredentialsFileWithAnOptionalDefaultUser() {
        assertThat(properties(null, null, FILE).credentialsFile()).isEqualTo(FILE);
        assertThat(properties(7L, null, FILE).userId()).isEqualTo(7L);
    }

    @Test
    void credentialsComeFromExactlyOnePlace() {
        assertThatThrownBy(() -> properties(1L, "secret", FILE))
                .hasMessage("set either token-api.access-token or token-api.credentials-file, not both");
        assertThatThrownBy(() -> properties(1L, null, null)).hasMessageContaining("token-api.credentials-file");
    }

    @Test
    void anAccessTokenThatAnHttpHeaderCannotCarryIsRefusedWithoutBeingQuoted() {
        assertThatThrownBy(() -> properties(1L, "secret value\n", null))
                .hasMessageContaining("token-api.access-token may hold only visible ASCII characters")
                .hasMessageNotContaining("secret value");
    }

    @Test
    void aWriteInDoubtSettlesOneRequestTimeoutAfterTheWorkerGaveUpUnlessSet() {
        assertThat(properties(1L, "secret", null).writeSettleTime()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void toStringHidesTheAccessToken() {
        assertThat(properties(1L, "secret-value", null).toString()).doesNotContain("secret-value");
    }

    private static TokenApiProperties properties(Long userId, String accessToken, Path credentialsFile) {
        return new TokenApiProperties(
                GATEWAY,
                userId,
                accessToken,
                credentialsFile,
                Duration.ofSeconds(5),
                GatewayDialect.NEW_API,
                ModelLimitsFormat.AS_STORED,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                null,
                null,
                500_000);
    }
}
