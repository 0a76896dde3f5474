package io.tokenpolicy.worker.emulator;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Background traffic that spends quota while a client works, so races between a client's GET and
 * PUT and the server's own writes show up in tests. Stop it with {@link #close()}.
 */
public final class UsageGenerator implements AutoCloseable {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "emulator-usage");
        thread.setDaemon(true);
        return thread;
    });

    private final AtomicLong ticks = new AtomicLong();

    UsageGenerator(TokenStore store, Duration period, long amountPerTick, Predicate<EmulatedToken> tokens) {
        if (period.isNegative() || period.isZero() || amountPerTick <= 0) {
            throw new IllegalArgumentException("period and amount must be positive");
        }
        long nanos = period.toNanos();
        scheduler.scheduleAtFixedRate(
                () -> {
                    store.useAllAbove(amountPerTick, tokens);
                    ticks.incrementAndGet();
                },
                nanos,
                nanos,
                TimeUnit.NANOSECONDS);
    }

    /** How many rounds of usage have run, each over every token picked with more quota than the amount. */
    public long ticks() {
        return ticks.get();
    }

    /** Stops the usage; a round that is running completes. */
    @Override
    public void close() {
        scheduler.shutdown();
    }
}
