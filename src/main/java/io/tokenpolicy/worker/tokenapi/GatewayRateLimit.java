package io.tokenpolicy.worker.tokenapi;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the worker's calls within the gateway's own limit: at most {@code requests} calls in
 * any {@code window}, as new-api counts them (a sliding window per client IP). A call takes a
 * permit when it is sent and gives it back one window after its answer came, so however
 * late the gateway saw the call, no window of the gateway's can count more than the limit.
 * Shared by every call of the instance. When a 429 comes all the same (other clients behind
 * the same IP), it takes half the permits out for a window: the worker slows down on its own.
 */
final class GatewayRateLimit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayRateLimit.class);

    private final int requests;
    private final Duration window;
    private final Semaphore permits;
    private final ScheduledExecutorService releases = Executors.newSingleThreadScheduledExecutor(work -> {
        Thread thread = new Thread(work, "gateway-rate-limit");
        thread.setDaemon(true);
        return thread;
    });

    GatewayRateLimit(int requests, Duration window) {
        this.requests = requests;
        this.window = window;
        this.permits = new Semaphore(requests, true);
    }

    void acquire() throws InterruptedException {
        permits.acquire();
    }

    /** The answer to a call came (or it failed): its permit comes back one window later. */
    void answered() {
        releaseLater(1);
    }

    void tooManyRequests() {
        int penalty = Math.max(1, requests / 2);
        if (permits.tryAcquire(penalty)) {
            log.warn("gateway answered 429 within the configured limit; halving the rate for {}", window);
            releaseLater(penalty);
        }
    }

    private void releaseLater(int count) {
        releases.schedule(() -> permits.release(count), window.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        releases.shutdownNow();
    }
}
