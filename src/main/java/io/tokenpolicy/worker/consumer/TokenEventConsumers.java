package io.tokenpolicy.worker.consumer;

import io.tokenpolicy.worker.ops.Liveness;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the polling loop on its own thread from start-up to shutdown. A loop that fails (a
 * transaction the broker refused, a connection it could not recover) is replaced by a
 * fresh one after a pause: new consumer, new producer, ledgers read again, and everything
 * not committed delivered again. An {@link Error} ends polling for good: the worker cannot
 * tell what state it left behind, so it says why, turns its liveness DOWN and stops polling
 * until the orchestrator restarts it.
 */
final class TokenEventConsumers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TokenEventConsumers.class);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(5);

    private final Supplier<TokenEventConsumer> loops;
    private final Liveness liveness;
    private final Object loopLock = new Object();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private TokenEventConsumer current;
    private boolean stopped;
    private Thread thread;

    TokenEventConsumers(Supplier<TokenEventConsumer> loops, Liveness liveness) {
        this.loops = loops;
        this.liveness = liveness;
    }

    @Override
    public synchronized void start() {
        thread = new Thread(this::supervise, "token-events-poll");
        thread.start();
    }

    private void supervise() {
        while (stopping.getCount() > 0) {
            try {
                nextLoop().run();
            } catch (RuntimeException failed) {
                log.error("polling loop failed; starting a new one in {}", PAUSE_AFTER_FAILURE, failed);
                awaitStopping(PAUSE_AFTER_FAILURE);
            } catch (Error fatal) {
                liveness.broken(
                        "the polling loop failed with " + fatal.getClass().getSimpleName() + ": no"
                                + " records are polled any more, and whatever was not committed is delivered again after"
                                + " a restart",
                        fatal);
                return;
            }
        }
    }

    private TokenEventConsumer nextLoop() {
        TokenEventConsumer loop = loops.get();
        synchronized (loopLock) {
            current = loop;
            if (stopped) {
                loop.stop();
            }
        }
        return loop;
    }

    private void awaitStopping(Duration pause) {
        try {
            stopping.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            stopping.countDown();
        }
    }

    @Override
    public void stop() {
        join(signalStop());
    }

    /**
     * Stops without holding up the application's other shutdown work: the callback runs once the
     * loop has drained and committed, and Spring waits for it at most
     * {@code spring.lifecycle.timeout-per-shutdown-phase} before it closes the context all the same.
     */
    @Override
    public void stop(Runnable stopped) {
        Thread loop = signalStop();
        Thread waiting = new Thread(
                () -> {
                    join(loop);
                    stopped.run();
                },
                "token-events-stop");
        waiting.setDaemon(true);
        waiting.start();
    }

    private synchronized Thread signalStop() {
        synchronized (loopLock) {
            stopped = true;
            stopping.countDown();
            if (current != null) {
                current.stop();
            }
        }
        Thread loop = thread;
        thread = null;
        return loop;
    }

    private static void join(Thread loop) {
        if (loop == null) {
            return;
        }
        try {
            loop.join();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }
}
