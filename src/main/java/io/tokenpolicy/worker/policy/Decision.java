package io.tokenpolicy.worker.policy;

import java.util.Objects;

/** What a token change comes to for one token: the token as it should be, or a refusal. */
public sealed interface Decision permits Decision.Apply, Decision.Refuse {

    String reason();

    /** The token should look like {@code after}; when that equals the token now, nothing needs writing. */
    record Apply(TokenState after, String reason) implements Decision {
        public Apply {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The change cannot be made without breaking a rule; the event is rejected. */
    record Refuse(String reason) implements Decision {
        public Refuse {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
