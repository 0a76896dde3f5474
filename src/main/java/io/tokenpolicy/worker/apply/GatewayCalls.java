package io.tokenpolicy.worker.apply;

import io.github.resilience4j.retry.Retry;
import java.util.function.Supplier;

/**
 * The gateway calls made for one event: each call is retried on transient failures, and
 * both calls and attempts are counted for the outcome.
 */
final class GatewayCalls {

    private final Retry retry;
    private int calls;
    private int attempts;

    GatewayCalls(Retry retry) {
        this.retry = retry;
    }

    StoredToken call(Supplier<StoredToken> call) {
        calls++;
        return retry.executeSupplier(() -> {
            attempts++;
            return call.get();
        });
    }

    int calls() {
        return calls;
    }

    int attempts() {
        return attempts;
    }
}
