package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenpolicy.worker.ops.Liveness;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;

class TokenEventConsumersTest {

    private final List<Object> published = new CopyOnWriteArrayList<>();

    @Test
    void anErrorInThePollingLoopTurnsLivenessDownAndStartsNoNewLoop() {
        AtomicInteger loops = new AtomicInteger();
        TokenEventConsumers consumers = new TokenEventConsumers(
                () -> {
                    loops.incrementAndGet();
                    throw new OutOfMemoryError("simulated, e.g. restoring a large ledger on assignment");
                },
                new Liveness(published::add));

        consumers.start();
        try {
            await("liveness DOWN").atMost(Duration.ofSeconds(10)).until(() -> !published.isEmpty());
            assertThat(published)
                    .singleElement()
                    .extracting(event -> ((AvailabilityChangeEvent<?>) event).getState())
                    .isEqualTo(LivenessState.BROKEN);
            await("the polling thread ended").atMost(Duration.ofSeconds(10)).until(() -> !pollThreadAlive());
            assertThat(loops.get()).isEqualTo(1);
        } finally {
            consumers.stop();
        }
    }

    private static boolean pollThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("token-events-poll"));
    }
}
