package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.apply.Intent.Fate;
import io.tokenpolicy.worker.policy.EventEnvelope;
import java.time.Instant;
import java.util.Optional;

/**
 * The second outcome of an event that was reported FAILED or REJECTED while its quota write had been
 * sent: once a later batch of its token tells whether that write landed, the event gets its one
 * effect-bearing outcome (APPLIED) if it did, or a REJECTED one if it cannot be told. If it did not
 * land there is nothing to say: the event stays on the dead-letter topic, and replaying it applies it.
 */
public final class LateOutcome {

    private LateOutcome() {}

    /** The late outcome of the event with the idempotency key {@code eventKey}, if there is one to give. */
    public static Optional<Outcome> of(Intent told, String eventKey, long userId, Instant at) {
        EventIdentity identity = new EventIdentity(
                EventEnvelope.sourceOf(eventKey),
                EventEnvelope.idOf(eventKey),
                told.typeOf(eventKey),
                told.tokenId(),
                userId);
        if (told.fate() == Fate.LANDED) {
            return Optional.of(Outcome.withoutCalls(
                    identity,
                    Result.APPLIED,
                    "quota change landed although its"
                            + " attempt was reported without effect: a later batch of the token found it in the funded total;"
                            + " not applied again, and a replay of it is a DUPLICATE",
                    at,
                    at));
        }
        if (told.fate() == Fate.UNTOLD) {
            return Optional.of(Outcome.withoutCalls(identity, Result.REJECTED, PreviousAttempt.untoldReason(), at, at));
        }
        return Optional.empty();
    }
}
