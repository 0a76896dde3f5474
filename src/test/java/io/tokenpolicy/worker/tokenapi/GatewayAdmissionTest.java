package io.tokenpolicy.worker.tokenapi;

import static io.tokenpolicy.worker.apply.Lane.BILLING;
import static io.tokenpolicy.worker.apply.Lane.SECURITY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenpolicy.worker.apply.StoredToken;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * However many tokens call at once, the gateway never has more than max-in-flight of the instance's calls,
 * and a call that does not get its turn in time holds nothing.
 */
class GatewayAdmissionTest {

    private static final Duration LATENCY = Duration.ofMillis(100);
    private static final long FOREVER = TimeUnit.SECONDS.toNanos(30);

    private final TokenApiEmulator gateway = TokenApiEmulator.start(0, 64).addUser(1, "token-of-1");
    private final ExecutorService tokens = Executors.newFixedThreadPool(12);
    private final GatewayRateLimit rateLimit = new GatewayRateLimit(1_000, Duration.ofSeconds(1));
    private final TokenApiClient client = new TokenApiClient(
            URI.create(gateway.baseUrl()),
            () -> AccessTokens.of(Map.of(1L, "token-of-1")),
            TokenDialect.of(GatewayDialect.NEW_API, ModelLimitsFormat.AS_STORED),
            new GatewayHttp(Duration.ofSeconds(2), Duration.ofSeconds(5), 64, null),
            rateLimit,
            new WorkerMetrics(new SimpleMeterRegistry()));

    @AfterEach
    void stop() {
        tokens.shutdownNow();
        client.close();
        rateLimit.close();
        gateway.close();
    }

    @Test
    void twelveTokensCallingAtOnceKeepAtMostThreeCallsInFlight() throws Exception {
        gateway.setLatency(LATENCY);
        GatewayAdmission admission = new GatewayAdmission(rateLimit, 3);
        List<Future<StoredToken>> reads = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long id = gateway.addToken(EmulatedToken.forUser(1).build()).id();
            reads.add(tokens.submit(() -> readInTurn(admission, id)));
        }

        for (Future<StoredToken> read : reads) {
            assertThat(read.get(10, TimeUnit.SECONDS).state().id()).isPositive();
        }
        assertThat(gateway.calls(Route.GET_TOKEN)).isEqualTo(12);
        assertThat(gateway.peakCallsInFlight()).isEqualTo(3);
    }

    @Test
    void aWaitInterruptedOrTimedOutForASlotHoldsNeitherSlotNorPermit() throws Exception {
        GatewayAdmission admission = new GatewayAdmission(rateLimit, 1);
        assertThat(admission.await(BILLING, FOREVER)).isTrue();
        AtomicReference<Thread> waiter = new AtomicReference<>();
        Future<Boolean> interrupted = tokens.submit(() -> {
            waiter.set(Thread.currentThread());
            return admission.await(BILLING, FOREVER);
        });
        await().atMost(Duration.ofSeconds(5))
                .until(() -> waiter.get() != null && waiter.get().getState() == Thread.State.TIMED_WAITING);

        waiter.get().interrupt();

        assertThatThrownBy(() -> interrupted.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedException.class);
        assertThat(admission.await(BILLING, TimeUnit.MILLISECONDS.toNanos(50)))
                .as("no slot while the first is held")
                .isFalse();
        assertThat(rateLimit.held()).as("only the turn held").isEqualTo(1);
        admission.unused(BILLING);
        assertThat(rateLimit.held()).isZero();
        assertThat(admission.await(BILLING, FOREVER)).isTrue();
    }

    @Test
    void aWaitForThePermitOfAFullWindowEndsWhenItsTimeIsUp() throws Exception {
        GatewayRateLimit onePerMinute = new GatewayRateLimit(1, Duration.ofMinutes(1));
        try {
            GatewayAdmission admission = new GatewayAdmission(onePerMinute, 4);
            assertThat(admission.await(BILLING, FOREVER)).isTrue();
            admission.answered(BILLING);

            long start = System.nanoTime();
            assertThat(admission.await(BILLING, TimeUnit.MILLISECONDS.toNanos(200)))
                    .isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            onePerMinute.close();
        }
    }

    @Test
    void aSecurityCallWaitingForASlotGetsTheNextOneBeforeBillingCallsThatWaitedLonger() throws Exception {
        LanePermits slots = new LanePermits(1, 0.2);
        GatewayAdmission admission = new GatewayAdmission(rateLimit, slots);
        assertThat(admission.await(BILLING, FOREVER)).isTrue();
        Future<Boolean> billing = tokens.submit(() -> admission.await(BILLING, FOREVER));
        await("billing waits for a slot").atMost(Duration.ofSeconds(5)).until(() -> slots.waiting(BILLING) == 1);
        Future<Boolean> security = tokens.submit(() -> admission.await(SECURITY, FOREVER));
        await("security waits for a slot").atMost(Duration.ofSeconds(5)).until(() -> slots.waiting(SECURITY) == 1);

        admission.answered(BILLING);

        assertThat(security.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(billing).isNotDone();
        admission.answered(SECURITY);
        assertThat(billing.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aCallAndTheNextTakeTheirTurnsTogetherAndAPermitLeftWithoutASlotComesBack() throws Exception {
        GatewayAdmission twoSlots = new GatewayAdmission(rateLimit, 2);
        assertThat(twoSlots.await(BILLING, 2, FOREVER)).isEqualTo(2);
        assertThat(rateLimit.held()).isEqualTo(2);
        twoSlots.unused(BILLING);
        twoSlots.unused(BILLING);

        GatewayAdmission oneSlot = new GatewayAdmission(rateLimit, 1);
        assertThat(oneSlot.await(BILLING, 2, FOREVER))
                .as("one slot, so one turn")
                .isEqualTo(1);
        assertThat(rateLimit.held())
                .as("the permit of the turn that got no slot is back")
                .isEqualTo(1);
    }

    private StoredToken readInTurn(GatewayAdmission admission, long id) throws InterruptedException {
        assertThat(admission.await(BILLING, FOREVER)).isTrue();
        try {
            return client.read(1, id);
        } finally {
            admission.answered(BILLING);
        }
    }
}
