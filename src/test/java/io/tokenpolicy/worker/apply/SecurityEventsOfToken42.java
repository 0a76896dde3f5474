package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.fixtures.CatalogueEvents;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.EventData;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.Severity;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Security events of token 42 of the fake gateway's user, from {@code /security}, received at {@link #RECEIVED}. */
final class SecurityEventsOfToken42 {

    static final Instant RECEIVED = Instant.parse("2026-05-01T12:00:00Z");
    static final long USER = FakeTokenGateway.USER_ID;

    private SecurityEventsOfToken42() {}

    static TokenEvent incident(String id) {
        return CatalogueEvents.incident(
                envelope(id, Catalogue.INCIDENT), Severity.CRITICAL, "key leaked", Optional.empty());
    }

    static TokenEvent ipRestriction(String id, String entry) {
        return CatalogueEvents.ipRestriction(envelope(id, Catalogue.IP_RESTRICTION), AllowIps.of(List.of(entry)));
    }

    static TokenEvent modelRestriction(String id, String... models) {
        return new TokenEvent(
                envelope(id, Catalogue.MODEL_RESTRICTION), new EventData(Map.of("models", List.of(models))));
    }

    static TokenEvent resolved(String id) {
        return event(id, Catalogue.INCIDENT_RESOLVED);
    }

    static TokenEvent event(String id, String type) {
        return new TokenEvent(envelope(id, type), EventData.EMPTY);
    }

    static EventEnvelope envelope(String id, String type) {
        return new EventEnvelope("/security", id, type, RECEIVED, 42, USER);
    }
}
