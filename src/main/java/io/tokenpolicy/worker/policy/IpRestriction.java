package io.tokenpolicy.worker.policy;

import java.util.Map;
import java.util.Objects;

/** {@code security.ip_restriction}: the token may only be used from these networks from now on. */
public record IpRestriction(EventEnvelope envelope, AllowIps allowIps) implements TokenEvent {

    public static final String TYPE = "security.ip_restriction";

    public IpRestriction {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(allowIps, "allowIps");
        if (allowIps.isUnrestricted()) {
            throw new IllegalArgumentException("allow_ips must name at least one address or CIDR block");
        }
    }

    @Override
    public EventData data() {
        return new EventData(Map.of("allow_ips", allowIps));
    }
}
