package io.tokenpolicy.worker.kafka;

import java.util.function.Supplier;
import org.springframework.context.SmartLifecycle;

/** Starts the polling loop on its own thread with the application, and stops it, draining, on shutdown. */
final class TokenEventConsumers implements SmartLifecycle {

    private final Supplier<TokenEventConsumer> consumers;
    private final Deliveries deliveries;
    private TokenEventConsumer consumer;
    private Thread thread;

    TokenEventConsumers(Supplier<TokenEventConsumer> consumers, Deliveries deliveries) {
        this.consumers = consumers;
        this.deliveries = deliveries;
    }

    @Override
    public synchronized void start() {
        consumer = consumers.get();
        thread = new Thread(consumer, "token-events-poll");
        thread.start();
    }

    @Override
    public synchronized void stop() {
        consumer.stop();
        try {
            thread.join();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        deliveries.close();
        thread = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }
}
