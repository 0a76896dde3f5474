package io.tokenpolicy.worker.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A dry run: the worker reads tokens and decides as usual, but writes nothing to the gateway and
 * nothing to its ledger, publishes PLANNED outcomes to {@code <outcomes>.dry-run} and consumes in
 * the consumer group {@code <group>.dry-run}, so a later real run, or one running alongside,
 * sees every event as new.
 *
 * @param dryRun whether this instance only plans
 */
@ConfigurationProperties("token-policy")
public record DryRunProperties(@DefaultValue("false") boolean dryRun) {

    /** Appended to the outcomes topic and the consumer group of a dry run. */
    public static final String SUFFIX = ".dry-run";
}
