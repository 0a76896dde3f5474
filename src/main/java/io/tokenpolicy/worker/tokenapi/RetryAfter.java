package io.tokenpolicy.worker.tokenapi;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How long the gateway asked to wait before the next call, from its {@code Retry-After} header (RFC 9110): a number
 * of seconds, or an HTTP date. None, one in the past, or one that cannot be read asks for no wait beyond the backoff.
 */
final class RetryAfter {

    private RetryAfter() {}

    static Duration of(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Duration.ZERO;
        }
        String value = header.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            return untilDate(value, now);
        }
    }

    private static Duration untilDate(String value, Instant now) {
        try {
            Instant until = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            return until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO;
        } catch (DateTimeParseException unreadable) {
            return Duration.ZERO;
        }
    }
}
