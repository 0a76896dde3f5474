package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenpolicy.worker.apply.GatewayException;
import io.tokenpolicy.worker.apply.PermanentGatewayException;
import io.tokenpolicy.worker.apply.StoredToken;
import io.tokenpolicy.worker.apply.TransientGatewayException;
import io.tokenpolicy.worker.config.GatewayDialect;
import io.tokenpolicy.worker.config.ModelLimitsFormat;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the worker accepts of a token the gateway answers. Newer servers no longer check {@code New-Api-User}, so the
 * answer's {@code user_id} is the only proof that the credentials used belong to the user the event names: an answer
 * without one fails closed. one-api answers the token's full key: it is dropped on read, so it is never held, logged,
 * published or written back. one-api has no token groups: a group change is refused rather than reported made.
 */
class GatewayAnswersTest {

    private static final String KEY = "sk-Zq8v3Ki7Pw2Lm9Xc4Rb6Tn1Yh5Gd0Fs";

    private final ScriptedHttpServer server = ScriptedHttpServer.plain();
    private TokenApiClient client;

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aTokenWhoseAnswerDoesNotNameItsOwnerIsNotAcceptedAndNotRetried() {
        client = client(GatewayDialect.NEW_API);
        server.answer(GatewayHttpTest.ok("{\"success\":true,\"data\":" + token("", "") + "}"));

        assertThatThrownBy(() -> client.read(7, 42))
                .isInstanceOf(GatewayException.class)
                .isNotInstanceOf(TransientGatewayException.class)
                .isNotInstanceOf(PermanentGatewayException.class)
                .hasMessageContaining("does not name the token's owner (user_id)");
    }

    @Test
    void aTokenOfAnotherUserIsRefused() {
        client = client(GatewayDialect.NEW_API);
        server.answer(GatewayHttpTest.ok("{\"success\":true,\"data\":" + token("\"user_id\":8,", "") + "}"));

        assertThatThrownBy(() -> client.read(7, 42))
                .isInstanceOf(PermanentGatewayException.class)
                .hasMessage("token 42 belongs to another gateway user than user_id 7");
    }

    @Test
    void oneApisUnmaskedKeyIsDroppedOnReadAndNeverWrittenBack() {
        client = client(GatewayDialect.ONE_API);
        String read = token("\"user_id\":7,", "\"key\":\"" + KEY + "\",");
        server.answer(
                GatewayHttpTest.ok("{\"success\":true,\"data\":" + read + "}"),
                GatewayHttpTest.ok("{\"success\":true,\"data\":" + read.replace("100", "600") + "}"));

        StoredToken token = client.read(7, 42);
        StoredToken written = client.replace(token, token.state().withRemainQuota(600));

        assertThat(((GatewayToken) token).json().has("key")).isFalse();
        assertThat(((GatewayToken) written).json().has("key")).isFalse();
        assertThat(token.toString()).doesNotContain(KEY);
        assertThat(server.requests().get(1)).contains("\"remain_quota\":600").doesNotContain(KEY);
    }

    @Test
    void aGroupChangeOnOneApiIsRefusedBeforeAnythingIsSent() {
        client = client(GatewayDialect.ONE_API);
        server.answer(GatewayHttpTest.ok(
                "{\"success\":true,\"data\":" + token("\"user_id\":7,", "\"key\":\"" + KEY + "\",") + "}"));
        StoredToken token = client.read(7, 42);

        assertThatThrownBy(() -> client.replace(token, token.state().withGroup("vip")))
                .isInstanceOf(PermanentGatewayException.class)
                .hasMessageContaining("has no token groups");
        assertThat(server.requests()).hasSize(1);
    }

    private static String token(String owner, String key) {
        return "{\"id\":42," + owner + key + "\"status\":1,\"name\":\"ci\",\"remain_quota\":100,\"used_quota\":0,"
                + "\"unlimited_quota\":false,\"expired_time\":-1,\"models\":\"\",\"subnet\":\"\"}";
    }

    private TokenApiClient client(GatewayDialect dialect) {
        AccessTokens users = AccessTokens.of(Map.of(7L, "token-of-7"));
        return new TokenApiClient(
                server.uri("/"),
                () -> users,
                TokenDialect.of(dialect, ModelLimitsFormat.AS_STORED),
                new GatewayHttp(Duration.ofSeconds(2), Duration.ofSeconds(5), 4, null),
                new GatewayRateLimit(1_000, Duration.ofSeconds(1)),
                new WorkerMetrics(new SimpleMeterRegistry()));
    }
}
