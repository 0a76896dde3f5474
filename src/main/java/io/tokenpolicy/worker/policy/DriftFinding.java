package io.tokenpolicy.worker.policy;

import java.util.Objects;

/**
 * One difference between a token on the gateway and the policy's view of it.
 *
 * @param field the gateway's field that differs ({@code status}, {@code allow_ips}, {@code model_limits},
 *     {@code funded_total}, {@code expired_time}, {@code group}); {@code token} when it is gone
 * @param decided what the policy decided, as the gateway writes it
 * @param found what the gateway holds now; null for a deleted token
 * @param difference for a funded total, found minus decided; else 0
 * @param security whether the decision was a security decision, which an enforcing pass writes again
 */
public record DriftFinding(
        DriftKind kind, String field, Object decided, Object found, long difference, boolean security) {

    public DriftFinding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(field, "field");
    }
}
