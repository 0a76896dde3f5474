package io.tokenpolicy.worker.tokenapi;

import io.tokenpolicy.worker.apply.Lane;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A number of permits (the rate limit's calls per window, or the call slots) shared by the two
 * lanes, of which a share is reserved for security calls, so that a leaked key is disabled within
 * seconds however large the billing backlog that saturates the gateway:
 * <ul>
 *   <li>a security call takes any free permit, and every permit freed while one waits goes to it
 *       first, before any billing call that waited longer;</li>
 *   <li>a billing call takes a permit only while no security call waits; and while the security
 *       lane is active (one of its calls holds a permit) only as long as billing then holds fewer
 *       than its own share, the permits less the reserve. While the lane is idle, billing may
 *       borrow the reserve too, so a reserve costs no throughput when there are no incidents.</li>
 * </ul>
 * A permit billing has already spent cannot be given back: the gateway has counted the call, so
 * the permit comes back when its window has passed, as any other. "Giving the reserve back" is
 * therefore this: billing stops borrowing the moment a security call waits, and what is freed from
 * then on goes to security first. The reserve is the share rounded, never all the permits.
 *
 * <p>Within a lane, permits go in the order of asking; a wait that times out or is interrupted
 * holds nothing and passes the turn on. With no reserve and billing calls only, this is a fair
 * semaphore. A call may ask for two permits at once, its own and the next call's, which it then waits
 * for together at its place in line: no caller holds a permit while it waits for another.
 *
 * <p>The number of permits can change ({@link #resize}: the instance's share of a group's rate limit moved): the new
 * number applies to permits taken from then on, while those held stay held until they come back, so that fewer
 * permits than are held leaves none free until enough have come back. Billing may be kept below the total
 * (a floor of permits only security calls take), and the reserve is then a share of billing's permits.
 */
final class LanePermits {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Lane, Deque<Condition>> waiting = new EnumMap<>(Lane.class);
    private final Map<Lane, Integer> held = new EnumMap<>(Lane.class);
    private final double reservedShare;
    private int total;
    private int billing;
    private int reserved;
    private int free;

    LanePermits(int total, double reservedShare) {
        if (total < 1 || reservedShare < 0 || reservedShare > 0.5) {
            throw new IllegalArgumentException(
                    "permits " + total + " with a reserved share of " + reservedShare + ": need 1 or more, 0 to 0.5");
        }
        this.reservedShare = reservedShare;
        this.free = total;
        size(total, total);
        for (Lane lane : Lane.values()) {
            waiting.put(lane, new ArrayDeque<>());
            held.put(lane, 0);
        }
    }

    /**
     * From now on {@code total} permits, of which billing calls may hold at most {@code billing} (the rest only
     * security calls take); permits held stay held.
     */
    void resize(int total, int billing) {
        if (total < 1 || billing < 0 || billing > total) {
            throw new IllegalArgumentException("permits " + total + " of which billing " + billing);
        }
        lock.lock();
        try {
            free += total - this.total;
            size(total, billing);
            wakeNext();
        } finally {
            lock.unlock();
        }
    }

    private void size(int total, int billing) {
        this.total = total;
        this.billing = billing;
        this.reserved = billing == 0 ? 0 : (int) Math.min(Math.round(billing * reservedShare), billing - 1);
    }

    /** Takes a permit for a call in {@code lane}, waiting at most {@code nanos}; {@code true} when taken. */
    boolean take(Lane lane, long nanos) throws InterruptedException {
        return take(lane, 1, nanos) == 1;
    }

    /**
     * Takes {@code wanted} permits at once for calls in {@code lane} (a call's and the next call's), waiting at most
     * {@code nanos}, or as many as the lane may hold at all when that is fewer (a permit or two); how many were
     * taken, 0 when none.
     */
    int take(Lane lane, int wanted, long nanos) throws InterruptedException {
        lock.lock();
        try {
            Deque<Condition> queue = waiting.get(lane);
            if (queue.isEmpty() && mayTake(lane, fitting(lane, wanted))) {
                return grant(lane, fitting(lane, wanted));
            }
            return awaitTurn(lane, wanted, queue, nanos);
        } finally {
            lock.unlock();
        }
    }

    private int awaitTurn(Lane lane, int wanted, Deque<Condition> queue, long nanos) throws InterruptedException {
        Condition turn = lock.newCondition();
        queue.addLast(turn);
        try {
            for (long left = nanos;
                    queue.peekFirst() != turn || !mayTake(lane, fitting(lane, wanted));
                    left = turn.awaitNanos(left)) {
                if (left <= 0) {
                    return 0;
                }
            }
            return grant(lane, fitting(lane, wanted));
        } finally {
            queue.remove(turn);
            wakeNext();
        }
    }

    /** Permits a call in {@code lane} held come back: unused, or their window has passed. */
    void giveBack(Lane lane, int count) {
        if (count == 0) {
            return;
        }
        lock.lock();
        try {
            held.merge(lane, -count, Integer::sum);
            free += count;
            wakeNext();
        } finally {
            lock.unlock();
        }
    }

    /** Takes {@code count} free permits out of use for no call (a 429's penalty), all or none, without waiting. */
    boolean takeOut(int count) {
        lock.lock();
        try {
            if (free < count) {
                return false;
            }
            free -= count;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Permits taken out of use come back. */
    void putBack(int count) {
        if (count == 0) {
            return;
        }
        lock.lock();
        try {
            free += count;
            wakeNext();
        } finally {
            lock.unlock();
        }
    }

    /** Permits not free now: held by calls of either lane, or taken out of use. */
    int held() {
        lock.lock();
        try {
            return total - free;
        } finally {
            lock.unlock();
        }
    }

    /** Calls of {@code lane} waiting for a permit now. */
    int waiting(Lane lane) {
        lock.lock();
        try {
            return waiting.get(lane).size();
        } finally {
            lock.unlock();
        }
    }

    int total() {
        lock.lock();
        try {
            return total;
        } finally {
            lock.unlock();
        }
    }

    /** The permits kept for security calls while their lane is active. */
    int reserved() {
        lock.lock();
        try {
            return reserved;
        } finally {
            lock.unlock();
        }
    }

    /** {@code wanted}, or fewer when the lane may never hold that many at once now: all the permits, or billing's. */
    private int fitting(Lane lane, int wanted) {
        return Math.max(1, Math.min(wanted, lane == Lane.SECURITY ? total : billingMay()));
    }

    private boolean mayTake(Lane lane, int count) {
        if (free < count) {
            return false;
        }
        if (lane == Lane.SECURITY) {
            return true;
        }
        return waiting.get(Lane.SECURITY).isEmpty() && held.get(Lane.BILLING) + count <= billingMay();
    }

    private int billingMay() {
        return held.get(Lane.SECURITY) == 0 ? billing : billing - reserved;
    }

    private int grant(Lane lane, int count) {
        free -= count;
        held.merge(lane, count, Integer::sum);
        return count;
    }

    /** Wakes the first waiter that may take a permit now: a security call's before any billing call's. */
    private void wakeNext() {
        for (Lane lane : Lane.values()) {
            Condition next = waiting.get(lane).peekFirst();
            if (next != null) {
                if (mayTake(lane, 1)) {
                    next.signal();
                }
                return;
            }
        }
    }
}
