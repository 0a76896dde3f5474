package io.tokenpolicy.worker.policy;

import java.time.Instant;

/** Which token change an event calls for, by the rules in force. */
public interface EventRules {

    TokenChange changeFor(TokenEvent event, Instant now);
}
