package io.tokenpolicy.worker.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.KafkaException;

/** Waiting for a send to be acknowledged; a send that fails stops the record so that it is processed again. */
final class Sends {

    private Sends() {
    }

    static void await(CompletableFuture<?> send, Duration timeout, String topic) {
        try {
            send.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException failed) {
            throw new KafkaException("could not publish to " + topic, failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing to " + topic, interrupted);
        }
    }
}
