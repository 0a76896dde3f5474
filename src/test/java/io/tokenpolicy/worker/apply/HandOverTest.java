package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Waits that the beginning of a hand-over cuts short, so that they are measured against its deadline. */
class HandOverTest {

    private final HandOver handOver = new HandOver();
    private final CountDownLatch never = new CountDownLatch(1);

    @Test
    void aWaitSizedBeforeTheHandOverBeganAndStartedAfterItIsCutShort() {
        handOver.begin(Duration.ofSeconds(30));
        long started = System.nanoTime();

        assertThatThrownBy(() -> handOver.await(() -> never.await(3, TimeUnit.SECONDS)))
                .isInstanceOf(InterruptedException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aWaitBeforeTheHandOverRunsItsCourse() throws InterruptedException {
        assertThat(handOver.await(() -> never.await(10, TimeUnit.MILLISECONDS))).isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aWaitRunBySomeoneElseIsWokenByTheHandOverWhichSpendsItsInterrupt() throws Exception {
        assertThat(handOver.waitBegins()).isTrue();
        Thread beginner = new Thread(() -> handOver.begin(Duration.ofSeconds(30)));
        beginner.start();

        assertThatThrownBy(() -> never.await(3, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        Thread.currentThread().interrupt(); // as resilience4j's Retry does after an interrupted sleep
        handOver.waitEnded();
        beginner.join(TimeUnit.SECONDS.toMillis(5));

        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(handOver.waitBegins())
                .as("no wait begins once the hand-over has")
                .isFalse();
    }
}
