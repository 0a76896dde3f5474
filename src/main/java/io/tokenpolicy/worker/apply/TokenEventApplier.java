package io.tokenpolicy.worker.apply;

import io.github.resilience4j.retry.Retry;
import io.tokenpolicy.worker.policy.Decision;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Applies one valid event to its token: reads the token, asks the policy what the event
 * means for it, writes the difference, and reports the result as an {@link Outcome}.
 * Gateway failures end as outcomes too: REJECTED when permanent, FAILED when the retries
 * for a transient one ran out.
 */
public final class TokenEventApplier {

    private final TokenGateway gateway;
    private final TokenPolicy policy;
    private final TokenWriter writer;
    private final Retry retry;
    private final Clock clock;

    public TokenEventApplier(TokenGateway gateway, TokenPolicy policy, Retry retry, Clock clock) {
        this.gateway = gateway;
        this.policy = policy;
        this.writer = new TokenWriter(gateway);
        this.retry = retry;
        this.clock = clock;
    }

    public Outcome apply(TokenEvent event, Instant receivedAt) {
        EventEnvelope envelope = event.envelope();
        if (!gateway.canActFor(envelope.userId())) {
            return Outcome.rejected(EventIdentity.of(envelope),
                    "no gateway credentials configured for user_id " + envelope.userId(), receivedAt, clock.instant());
        }
        GatewayCalls calls = new GatewayCalls(retry);
        try {
            return applyWith(calls, event, receivedAt);
        } catch (PermanentGatewayException refused) {
            return outcome(event, calls, Result.REJECTED, "gateway refused: " + refused.getMessage(), List.of(), receivedAt);
        } catch (TransientGatewayException unavailable) {
            return outcome(event, calls, Result.FAILED, "gateway unavailable after " + calls.attempts()
                    + " attempts: " + unavailable.getMessage(), List.of(), receivedAt);
        }
    }

    private Outcome applyWith(GatewayCalls calls, TokenEvent event, Instant receivedAt) {
        EventEnvelope envelope = event.envelope();
        StoredToken stored = calls.call(() -> gateway.read(envelope.userId(), envelope.tokenId()));
        Decision decision = policy.changeFor(event).applyTo(stored.state());
        if (decision instanceof Decision.Apply apply) {
            if (apply.after().equals(stored.state())) {
                return outcome(event, calls, Result.NO_CHANGE, apply.reason(), List.of(), receivedAt);
            }
            writer.write(calls, stored, apply.after());
            List<FieldChange> changes = TokenChanges.between(stored.state(), apply.after());
            return outcome(event, calls, Result.APPLIED, apply.reason(), changes, receivedAt);
        }
        return outcome(event, calls, Result.REJECTED, decision.reason(), List.of(), receivedAt);
    }

    private Outcome outcome(TokenEvent event, GatewayCalls calls, Result result, String reason,
                            List<FieldChange> changes, Instant receivedAt) {
        EventIdentity identity = EventIdentity.of(event.envelope());
        return new Outcome(identity.eventId(), identity.eventType(), identity.tokenId(), identity.userId(), result,
                reason, changes, calls.calls(), calls.attempts(), receivedAt, clock.instant());
    }
}
