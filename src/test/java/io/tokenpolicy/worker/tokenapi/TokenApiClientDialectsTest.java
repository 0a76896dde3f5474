package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenpolicy.worker.apply.PermanentGatewayException;
import io.tokenpolicy.worker.apply.StoredToken;
import io.tokenpolicy.worker.apply.TransientGatewayException;
import io.tokenpolicy.worker.config.GatewayDialect;
import io.tokenpolicy.worker.config.ModelLimitsFormat;
import io.tokenpolicy.worker.emulator.EmulatedDialect;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.Fault;
import io.tokenpolicy.worker.emulator.RecordedRequest;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.TokenStatus;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client against the emulator speaking each dialect, and acting for several users. */
class TokenApiClientDialectsTest {

    private final TokenApiEmulator gateway =
            TokenApiEmulator.start(0).addUser(1, "token-of-1").addUser(2, "token-of-2");

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void newApiNarrowsAllowIpsOneEntryPerLine() {
        long id = seed(EmulatedDialect.NEW_API, "10.0.0.0/8\n192.168.1.10", "a,b");

        narrow(GatewayDialect.NEW_API, id);

        assertThat(gateway.token(id).allowIps()).isEqualTo("10.1.0.0/16");
        assertThat(gateway.token(id).modelLimits()).isEqualTo("a,b");
        assertThat(gateway.requests()).allMatch(request -> "1".equals(request.header("New-Api-User")));
    }

    @Test
    void crazyrouterKeepsItsJsonArrayModelLimits() {
        long id = seed(EmulatedDialect.CRAZYROUTER, "10.0.0.0/8", "[\"a\",\"b\"]");

        narrow(GatewayDialect.CRAZYROUTER, id);

        assertThat(gateway.token(id).allowIps()).isEqualTo("10.1.0.0/16");
        assertThat(gateway.token(id).modelLimits()).isEqualTo("[\"a\",\"b\"]");
    }

    @Test
    void oneApiWritesSubnetAsCidrsWithoutTheUserHeader() {
        long id = seed(EmulatedDialect.ONE_API, "10.0.0.0/8,192.168.1.10/32", "a,b");

        narrow(GatewayDialect.ONE_API, id);

        assertThat(gateway.token(id).allowIps()).isEqualTo("10.1.0.0/16");
        assertThat(gateway.token(id).modelLimits()).isEqualTo("a,b");
        assertThat(gateway.requests()).allMatch(request -> request.header("New-Api-User") == null);
    }

    @Test
    void eachUsersTokenIsReadWithThatUsersCredentialsOnly() {
        long first = gateway.addToken(EmulatedToken.forUser(1).build()).id();
        long second = gateway.addToken(EmulatedToken.forUser(2).build()).id();
        TokenApiClient client = client(GatewayDialect.NEW_API);

        client.read(1, first);
        client.read(2, second);

        List<RecordedRequest> requests = gateway.requests();
        assertThat(requests.get(0).header("Authorization")).isEqualTo("Bearer token-of-1");
        assertThat(requests.get(0).header("New-Api-User")).isEqualTo("1");
        assertThat(requests.get(1).header("Authorization")).isEqualTo("Bearer token-of-2");
        assertThat(requests.get(1).header("New-Api-User")).isEqualTo("2");
    }

    @Test
    void anotherUsersTokenIsRefusedAndAnUnknownUserIsNeverSent() {
        long first = gateway.addToken(EmulatedToken.forUser(1).build()).id();
        TokenApiClient client = client(GatewayDialect.NEW_API);

        assertThatThrownBy(() -> client.read(2, first))
                .isInstanceOf(PermanentGatewayException.class)
                .hasMessageContaining("record not found");
        assertThatThrownBy(() -> client.read(3, first))
                .isInstanceOf(PermanentGatewayException.class)
                .hasMessageContaining("no gateway credentials configured for user_id 3")
                .hasMessageNotContaining("token-of");
        assertThat(client.canActFor(3)).isFalse();
        assertThat(gateway.requests()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(GatewayDialect.class)
    void statusOnlyPutCarriesIdAndStatusAloneSoNoStoredValueStopsADisable(GatewayDialect dialect) {
        gateway.speak(EmulatedDialect.valueOf(dialect.name()));
        long id = gateway.addToken(EmulatedToken.forUser(1)
                        .name("n".repeat(60))
                        .remainQuota(100)
                        .build())
                .id();
        gateway.simulateUsage(id, 400);
        TokenApiClient client = client(dialect);

        StoredToken disabled = client.changeStatus(client.read(1, id), TokenStatus.DISABLED);

        assertThat(disabled.state().status()).isEqualTo(TokenStatus.DISABLED);
        assertThat(disabled.state().remainQuota()).isEqualTo(-300);
        assertThat(gateway.token(id).status()).isEqualTo(EmulatedToken.DISABLED);
        assertThat(gateway.putBodies()).containsExactly("{\"id\":" + id + ",\"status\":2}");
    }

    @Test
    void aDisableRefusedWithSuccessFalseIsTransientSinceTheGatewayAnswersDatabaseErrorsSo() {
        long id = gateway.addToken(EmulatedToken.forUser(1).build()).id();
        TokenApiClient client = client(GatewayDialect.NEW_API);
        StoredToken token = client.read(1, id);
        gateway.failNextWrites(1, Fault.DATABASE_LOCKED);

        assertThatThrownBy(() -> client.changeStatus(token, TokenStatus.DISABLED))
                .isInstanceOf(TransientGatewayException.class)
                .hasMessage("PUT status of token " + id + ": database is locked");
        assertThat(client.changeStatus(token, TokenStatus.DISABLED).state().status())
                .isEqualTo(TokenStatus.DISABLED);
    }

    @Test
    void otherWritesAnsweredWithADatabaseErrorAreRetriedToo() {
        long id = gateway.addToken(
                        EmulatedToken.forUser(1).status(EmulatedToken.DISABLED).build())
                .id();
        TokenApiClient client = client(GatewayDialect.NEW_API);
        StoredToken token = client.read(1, id);
        gateway.failNextWrites(2, Fault.DATABASE_LOCKED);

        assertThatThrownBy(() -> client.changeStatus(token, TokenStatus.ENABLED))
                .isInstanceOf(TransientGatewayException.class);
        assertThatThrownBy(() -> client.replace(token, token.state().withAllowIps(AllowIps.of(List.of("10.1.0.0/16")))))
                .isInstanceOf(TransientGatewayException.class);
    }

    @Test
    void aTokenWithAStatusCodeOnlyAForkKnowsCanStillBeDisabledButNothingElseIsWritten() {
        long id = gateway.addToken(EmulatedToken.forUser(1).status(5).build()).id();
        TokenApiClient client = client(GatewayDialect.NEW_API);
        StoredToken token = client.read(1, id);

        assertThatThrownBy(() -> client.replace(token, token.state().withAllowIps(AllowIps.of(List.of("10.1.0.0/16")))))
                .isInstanceOf(PermanentGatewayException.class)
                .hasMessage(
                        "token " + id + ": the worker cannot read the token's status 5, so it is only ever disabled");
        assertThatThrownBy(() -> client.changeStatus(token, TokenStatus.ENABLED))
                .isInstanceOf(PermanentGatewayException.class);
        assertThat(client.changeStatus(token, TokenStatus.DISABLED).state().status())
                .isEqualTo(TokenStatus.DISABLED);
        assertThat(gateway.token(id).status()).isEqualTo(EmulatedToken.DISABLED);
        assertThat(gateway.putBodies()).containsExactly("{\"id\":" + id + ",\"status\":2}");
    }

    @Test
    void theGatewaysMessageIsCutAndCleanedBeforeItGoesAnywhere() {
        long id = gateway.addToken(EmulatedToken.forUser(1).build()).id();
        gateway.refuseCallsFor(id, "no\r\nFORGED\u001b[2J " + "long ".repeat(200_000));
        TokenApiClient client = client(GatewayDialect.NEW_API);

        assertThatThrownBy(() -> client.read(1, id))
                .isInstanceOf(TransientGatewayException.class)
                .hasMessageStartingWith("GET token " + id + ": no??FORGED?[2J long long")
                .hasMessageEndingWith("...")
                .satisfies(refused -> assertThat(refused.getMessage()).hasSize(GatewayExchange.MAX_GATEWAY_TEXT + 3));
    }

    private void narrow(GatewayDialect dialect, long id) {
        TokenApiClient client = client(dialect);
        StoredToken token = client.read(1, id);
        client.replace(token, token.state().withAllowIps(AllowIps.of(List.of("10.1.0.0/16"))));
    }

    private long seed(EmulatedDialect dialect, String allowIps, String models) {
        gateway.speak(dialect);
        return gateway.addToken(EmulatedToken.forUser(1)
                        .allowIps(allowIps)
                        .modelLimitsEnabled(true)
                        .modelLimits(models)
                        .build())
                .id();
    }

    private TokenApiClient client(GatewayDialect dialect) {
        AccessTokens users = AccessTokens.of(Map.of(1L, "token-of-1", 2L, "token-of-2"));
        return new TokenApiClient(
                URI.create(gateway.baseUrl()),
                () -> users,
                TokenDialect.of(dialect, ModelLimitsFormat.AS_STORED),
                new GatewayHttp(Duration.ofSeconds(2), Duration.ofSeconds(5), 64, null),
                new GatewayRateLimit(1_000, Duration.ofSeconds(1)),
                new WorkerMetrics(new SimpleMeterRegistry()));
    }
}
