package io.tokenpolicy.worker.policy;

import java.util.Map;
import java.util.Objects;

/** {@code billing.topup}: the customer paid; the token gets {@code amount} more quota. */
public record TopUp(EventEnvelope envelope, long amount) implements TokenEvent {

    public static final String TYPE = "billing.topup";

    public TopUp {
        Objects.requireNonNull(envelope, "envelope");
        if (amount <= 0 || amount > Quota.MAX) {
            throw new IllegalArgumentException("amount must be between 1 and " + Quota.MAX);
        }
    }

    @Override
    public EventData data() {
        return new EventData(Map.of("amount", amount));
    }
}
