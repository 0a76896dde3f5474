package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenpolicy.worker.apply.StoredToken;
import io.tokenpolicy.worker.apply.TransientGatewayException;
import io.tokenpolicy.worker.config.GatewayDialect;
import io.tokenpolicy.worker.config.ModelLimitsFormat;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.Route;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** However many tokens call at once, the gateway never has more than max-in-flight of the instance's calls. */
class TokenApiClientCallSlotsTest {

    private static final Duration LATENCY = Duration.ofMillis(100);

    private final TokenApiEmulator gateway = TokenApiEmulator.start(0, 64).addUser(1, "token-of-1");

    private final ExecutorService tokens = Executors.newFixedThreadPool(12);

    private TokenApiClient client;

    @AfterEach
    void stop() {
        tokens.shutdownNow();
        if (client != null) {
            client.close();
        }
        gateway.close();
    }

    @Test
    void twelveTokensCallingAtOnceKeepAtMostThreeCallsInFlight() throws Exception {
        gateway.setLatency(LATENCY);
        client = client(3);
        List<Future<StoredToken>> reads = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long id = gateway.addToken(EmulatedToken.forUser(1).build()).id();
            reads.add(tokens.submit(() -> client.read(1, id)));
        }

        for (Future<StoredToken> read : reads) {
            assertThat(read.get(10, TimeUnit.SECONDS).state().id()).isPositive();
        }
        assertThat(gateway.calls(Route.GET_TOKEN)).isEqualTo(12);
        assertThat(gateway.peakCallsInFlight()).isEqualTo(3);
    }

    @Test
    void aCallInterruptedWhileWaitingForASlotIsNotSentAndHoldsNoSlot() throws Exception {
        gateway.setLatency(Duration.ofMillis(500));
        client = client(1);
        long id = gateway.addToken(EmulatedToken.forUser(1).build()).id();
        Future<StoredToken> first = tokens.submit(() -> client.read(1, id));
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.calls(Route.GET_TOKEN) == 1);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<Throwable> second = CompletableFuture.supplyAsync(() -> {
            waiter.set(Thread.currentThread());
            try {
                client.read(1, id);
                return null;
            } catch (RuntimeException failed) {
                return failed;
            }
        }, tokens);
        await().atMost(Duration.ofSeconds(5)).until(() -> waiter.get() != null
                && waiter.get().getState() == Thread.State.WAITING);

        waiter.get().interrupt();

        assertThat(second.get(5, TimeUnit.SECONDS)).isInstanceOf(TransientGatewayException.class)
                .hasMessageContaining("interrupted while waiting for a call slot");
        first.get(5, TimeUnit.SECONDS);
        gateway.setLatency(Duration.ZERO);
        assertThat(tokens.submit(() -> client.read(1, id)).get(5, TimeUnit.SECONDS).state().id()).isEqualTo(id);
        assertThat(gateway.calls(Route.GET_TOKEN)).isEqualTo(2);
        assertThat(gateway.peakCallsInFlight()).isEqualTo(1);
    }

    @Test
    void aFailedCallGivesItsSlotBack() throws Exception {
        gateway.setDown(true);
        client = client(1);
        long id = gateway.addToken(EmulatedToken.forUser(1).build()).id();

        assertThatThrownBy(() -> client.read(1, id)).isInstanceOf(TransientGatewayException.class);
        gateway.setDown(false);

        assertThat(tokens.submit(() -> client.read(1, id)).get(5, TimeUnit.SECONDS).state().id()).isEqualTo(id);
    }

    private TokenApiClient client(int maxInFlight) {
        AccessTokens users = AccessTokens.of(Map.of(1L, "token-of-1"));
        return new TokenApiClient(URI.create(gateway.baseUrl()), () -> users,
                TokenDialect.of(GatewayDialect.NEW_API, ModelLimitsFormat.AS_STORED), Duration.ofSeconds(2),
                Duration.ofSeconds(5), maxInFlight, 1_000, Duration.ofSeconds(1),
                new WorkerMetrics(new SimpleMeterRegistry()));
    }
}
