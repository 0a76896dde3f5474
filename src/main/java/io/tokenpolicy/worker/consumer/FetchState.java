package io.tokenpolicy.worker.consumer;

/**
 * What the polling loop holds: records taken and not committed yet, partitions whose fetching
 * is paused, and whether it is paused because the gateway's circuit is open.
 */
record FetchState(int bufferedRecords, int pausedPartitions, boolean gatewayDown) {

    static final FetchState NONE = new FetchState(0, 0, false);
}
