package io.tokenpolicy.worker.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends to Kafka that must not be lost: a send that fails (the producer has already retried
 * for its whole delivery timeout) is tried again, with pauses growing to a limit, until
 * the broker takes it. The event's offset is committed only after that.
 */
final class Deliveries implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(work -> {
        Thread thread = new Thread(work, "delivery-retry");
        thread.setDaemon(true);
        return thread;
    });

    CompletableFuture<Void> deliver(String what, Supplier<CompletableFuture<?>> send) {
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        attempt(what, send, delivered, FIRST_PAUSE);
        return delivered;
    }

    private void attempt(String what, Supplier<CompletableFuture<?>> send, CompletableFuture<Void> delivered,
                         Duration pause) {
        send.get().whenComplete((ignored, failure) -> {
            if (failure == null) {
                delivered.complete(null);
                return;
            }
            log.warn("could not publish {}, trying again in {}: {}", what, pause, failure.toString());
            Duration next = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            retries.schedule(() -> attempt(what, send, delivered, next), pause.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
