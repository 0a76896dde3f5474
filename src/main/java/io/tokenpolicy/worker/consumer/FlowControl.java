package io.tokenpolicy.worker.consumer;

import org.apache.kafka.clients.consumer.Consumer;

/** Back-pressure: while too many records are unfinished, stop fetching; resume once below the cap. */
final class FlowControl {

    private FlowControl() {}

    static void apply(Consumer<?, ?> consumer, boolean full) {
        if (full) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }
}
