package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.EventEnvelope;

/** As much as could be told about an event, valid or not; any part may be unknown (null). */
public record EventIdentity(String source, String eventId, String eventType, Long tokenId, Long userId) {

    public static EventIdentity of(EventEnvelope envelope) {
        return new EventIdentity(
                envelope.source(), envelope.id(), envelope.type(), envelope.tokenId(), envelope.userId());
    }
}
