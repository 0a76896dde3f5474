package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.apply.TransientGatewayException.Kind;
import java.time.Duration;

/**
 * An attempt of a gateway call that went out and failed in a way that trying again can help, as the
 * {@link GatewayRetry} sees it: the failure, how long the attempt took, and the batch's calls, whose budget and
 * hand-over decide whether the retry's wait may begin. Only this is retried: a refusal, a hand-over or a budget
 * spent before the call went out ends the call.
 */
final class FailedAttempt extends RuntimeException {

    private final TransientGatewayException failure;
    private final Duration took;
    private final transient GatewayCalls calls;

    FailedAttempt(TransientGatewayException failure, Duration took, GatewayCalls calls) {
        super(failure.getMessage(), failure, false, false);
        this.failure = failure;
        this.took = took;
        this.calls = calls;
    }

    TransientGatewayException failure() {
        return failure;
    }

    GatewayCalls calls() {
        return calls;
    }

    /**
     * The shortest wait before the call may go out again: what the gateway asked for, and for a call that timed
     * out as long again as it took, so that the gateway has had that long to finish the abandoned call and the
     * retry does not overtake it.
     */
    Duration soonestRetry() {
        Duration asked = failure.retryAfter();
        return failure.kind() == Kind.TIMED_OUT && took.compareTo(asked) > 0 ? took : asked;
    }
}
