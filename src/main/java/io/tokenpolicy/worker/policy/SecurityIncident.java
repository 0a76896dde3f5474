package io.tokenpolicy.worker.policy;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code security.incident}: something is wrong with a token. Serious incidents disable it;
 * lesser ones that name the networks still trusted narrow its allow list to those.
 */
public record SecurityIncident(EventEnvelope envelope, Severity severity, String reason,
                               Optional<AllowIps> allowIps) implements TokenEvent {

    public static final String TYPE = "security.incident";

    public SecurityIncident {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(allowIps, "allowIps");
    }

    @Override
    public EventData data() {
        Map<String, Object> fields = new HashMap<>(Map.of("severity", severity.wireName(), "reason", reason));
        allowIps.ifPresent(ips -> fields.put("allow_ips", ips));
        return new EventData(fields);
    }
}
