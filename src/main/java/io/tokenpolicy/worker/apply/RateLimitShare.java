package io.tokenpolicy.worker.apply;

import java.util.Set;

/**
 * The instance's share of the gateway's rate limit, which follows its share of the events topic's partitions when the
 * instances of a group call from one address: the consumer tells it which partitions the instance holds, at every
 * rebalance. Implemented by the gateway's admission; a limit kept per instance ignores it.
 */
public interface RateLimitShare {

    /** A rebalance ended: the partitions of the events topic the instance holds now, of {@code partitionCount}. */
    void assigned(Set<Integer> partitions, int partitionCount);

    /** Partitions handed over to another instance, once their started work finished or stopped. */
    void revoked(Set<Integer> partitions);

    /** Partitions lost without a hand-over: another instance may call for their tokens already. */
    void lost(Set<Integer> partitions);
}
