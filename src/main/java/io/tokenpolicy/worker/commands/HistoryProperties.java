package io.tokenpolicy.worker.commands;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What {@code history} prints.
 *
 * @param token the token whose outcomes and findings are printed (required by the command, which says so; not here,
 *     since the worker binds every settings record too)
 * @param user  only entries of this gateway user; all users' when null
 * @param json  JSON lines as published instead of a table
 */
@Validated
@ConfigurationProperties(HistoryProperties.PREFIX)
record HistoryProperties(
        @Min(1) Long token,
        @Min(1) Long user,
        @DefaultValue("false") boolean json) {

    static final String PREFIX = "token-policy.history";
}
