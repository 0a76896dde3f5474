package io.tokenpolicy.worker.apply;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the work on some records that they are being handed over (their partition moves to
 * another instance, or the worker shuts down) and by when it must be done. From then on every
 * step of the work that reaches out (a gateway call, an intent) starts only if it can end by the
 * deadline, and every wait is measured against it: work that cannot finish in time gives up with
 * {@link WorkHandedOver}, the next owner applies those events, and the ledger of intents keeps a
 * write that already landed from landing twice. A wait already under way when the hand-over
 * begins is woken, so that it is measured against the deadline too.
 */
public final class HandOver {

    private final Set<Thread> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean begun;
    private volatile long deadline;

    /** The hand-over begins: work must be done within {@code within}. A later call never extends it. */
    public void begin(Duration within) {
        beginUntil(System.nanoTime() + within.toNanos());
    }

    /** The hand-over begins: work must be done by {@code deadline} ({@link System#nanoTime()}). Never extended. */
    public synchronized void beginUntil(long deadline) {
        if (!begun) {
            this.deadline = deadline;
            begun = true;
            waiting.forEach(Thread::interrupt);
        }
    }

    boolean begun() {
        return begun;
    }

    /** Whether a wait of {@code nanos} from now still ends before the work must be done. */
    boolean allowsWait(long nanos) {
        return nanosLeft() > nanos;
    }

    /** How long the work may still take; unbounded before the hand-over. */
    public long nanosLeft() {
        return begun ? deadline - System.nanoTime() : Long.MAX_VALUE;
    }

    /**
     * Runs a wait that the beginning of the hand-over interrupts. The interrupt is spent here: the
     * caller sees an {@link InterruptedException} (or a wait that ended), never a flag left set. A wait
     * asked for once the hand-over has begun is not run, since it was sized before the deadline was known.
     */
    <T> T await(Wait<T> wait) throws InterruptedException {
        if (!waitBegins()) {
            throw new InterruptedException("the hand-over has begun");
        }
        try {
            return wait.await();
        } finally {
            waitEnded();
        }
    }

    /**
     * The current thread begins a wait that the beginning of the hand-over interrupts, until {@link #waitEnded}:
     * for a wait run by someone else, such as a retry's backoff. {@code false}, and nothing begun, when the
     * hand-over has begun already.
     */
    synchronized boolean waitBegins() {
        if (begun) {
            return false;
        }
        waiting.add(Thread.currentThread());
        return true;
    }

    /**
     * The current thread's wait has ended, however it ended: an interrupt the hand-over sent it is spent here,
     * so that none leaks into the next step. Nothing happens when no wait of the thread had begun.
     */
    synchronized void waitEnded() {
        if (waiting.remove(Thread.currentThread()) && begun) {
            Thread.interrupted();
        }
    }

    /** A wait that ends early when interrupted, and what it ended with. */
    @FunctionalInterface
    interface Wait<T> {
        T await() throws InterruptedException;
    }
}
