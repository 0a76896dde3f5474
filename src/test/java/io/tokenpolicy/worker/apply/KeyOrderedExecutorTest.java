package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyOrderedExecutorTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private KeyOrderedExecutor<String, String> executor;
    private volatile Boolean securityWaitedAtRelease;

    @AfterEach
    void stop() {
        release.countDown();
        executor.shutdown(WAIT);
    }

    /** Items are "group:name"; an item named "block" waits for the test to release it. */
    private void start(int securityThreads, int billingThreads, int maxBatch) {
        executor = new KeyOrderedExecutor<>(
                "test",
                KeyOrderedExecutor.threads(securityThreads, billingThreads),
                maxBatch,
                item -> item.substring(0, item.indexOf(':')),
                (lane, batch, securityWaiting) -> {
                    ran.add(lane + " " + batch);
                    if (batch.stream().anyMatch(item -> item.endsWith(":block"))) {
                        awaitRelease();
                        securityWaitedAtRelease = securityWaiting.getAsBoolean();
                    }
                });
    }

    private void awaitRelease() {
        try {
            release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aSecurityItemRunsWhileEveryBillingThreadIsBusy() {
        start(1, 1, 10);
        executor.submit("token-1", Lane.BILLING, "events:block");
        await().atMost(WAIT).until(() -> ran.size() == 1);

        executor.submit("token-2", Lane.SECURITY, "security:incident");

        await().atMost(WAIT).until(() -> ran.contains("SECURITY [security:incident]"));
    }

    @Test
    void aKeysSecurityItemsGoBeforeItsQueuedBillingItemsOnceItsRunningBatchEnds() {
        start(1, 1, 10);
        executor.submit("token-1", Lane.BILLING, "events:block");
        await().atMost(WAIT).until(() -> ran.size() == 1);
        executor.submit("token-1", Lane.BILLING, "events:topup-2");
        executor.submit("token-1", Lane.SECURITY, "security:incident");

        release.countDown();

        await().atMost(WAIT).until(() -> ran.size() == 3);
        assertThat(ran)
                .containsExactly("BILLING [events:block]", "SECURITY [security:incident]", "BILLING [events:topup-2]");
    }

    @Test
    void aRunningBatchIsToldWhileASecurityItemOfItsKeyWaits() {
        start(1, 1, 10);
        executor.submit("token-1", Lane.BILLING, "events:block");
        await().atMost(WAIT).until(() -> ran.size() == 1);
        executor.submit("token-1", Lane.BILLING, "events:topup");
        executor.submit("token-2", Lane.SECURITY, "security:incident");
        await().atMost(WAIT).until(() -> ran.size() == 2);

        executor.submit("token-1", Lane.SECURITY, "security:incident");
        release.countDown();

        await().atMost(WAIT).until(() -> securityWaitedAtRelease != null);
        assertThat(securityWaitedAtRelease).isTrue();
    }

    @Test
    void aRunningBatchIsNotToldOfBillingItemsOrOtherKeys() {
        start(1, 1, 10);
        executor.submit("token-1", Lane.BILLING, "events:block");
        await().atMost(WAIT).until(() -> ran.size() == 1);
        executor.submit("token-1", Lane.BILLING, "events:topup");
        executor.submit("token-2", Lane.SECURITY, "security:incident");
        await().atMost(WAIT).until(() -> ran.size() == 2);

        release.countDown();

        await().atMost(WAIT).until(() -> securityWaitedAtRelease != null);
        assertThat(securityWaitedAtRelease).isFalse();
    }

    @Test
    void aKeyWaitingForABillingThreadIsOvertakenByItsSecurityItem() {
        start(1, 1, 10);
        executor.submit("token-1", Lane.BILLING, "events:block");
        await().atMost(WAIT).until(() -> ran.size() == 1);
        executor.submit("token-2", Lane.BILLING, "events:topup");

        executor.submit("token-2", Lane.SECURITY, "security:incident");

        await().atMost(WAIT).until(() -> ran.contains("SECURITY [security:incident]"));
        assertThat(ran).doesNotContain("BILLING [events:topup]");
    }

    @Test
    void aBatchHoldsItemsOfOneGroupAndLaneInTheOrderSubmitted() {
        start(1, 1, 10);
        executor.submit("token-1", Lane.SECURITY, "events:block");
        await().atMost(WAIT).until(() -> ran.size() == 1);
        executor.submit("token-1", Lane.SECURITY, "events:ip-restriction");
        executor.submit("token-1", Lane.SECURITY, "security:incident");
        executor.submit("token-1", Lane.SECURITY, "security:resolved");
        executor.submit("token-1", Lane.BILLING, "events:topup-1");
        executor.submit("token-1", Lane.BILLING, "events:topup-2");

        release.countDown();

        await().atMost(WAIT).until(() -> ran.size() == 4);
        assertThat(ran)
                .containsExactly(
                        "SECURITY [events:block]",
                        "SECURITY [events:ip-restriction]",
                        "SECURITY [security:incident, security:resolved]",
                        "BILLING [events:topup-1, events:topup-2]");
    }

    @Test
    void discardedItemsAreReturnedAndNeverRun() {
        start(1, 1, 10);
        executor.submit("token-1", Lane.BILLING, "events:block");
        await().atMost(WAIT).until(() -> ran.size() == 1);
        executor.submit("token-1", Lane.BILLING, "events:topup");
        executor.submit("token-1", Lane.SECURITY, "security:incident");

        assertThat(executor.discard(item -> item.startsWith("security:"))).containsExactly("security:incident");
        release.countDown();

        await().atMost(WAIT).until(() -> ran.size() == 2);
        assertThat(ran).containsExactly("BILLING [events:block]", "BILLING [events:topup]");
    }
}
