package io.tokenpolicy.worker.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One write call of a token (a full or status-only PUT, a create) as the emulator met it: when it arrived, and when it
 * took effect, with the token's quota and status before and after, or when and why it was turned away. A write held
 * by a {@link Fault#TIMEOUT} arrived earlier than it took effect.
 *
 * @param tokenId the token written; 0 when a call turned away did not name one (a create, a body not read)
 * @param route {@link Route#PUT_TOKEN}, {@link Route#PUT_STATUS_ONLY} or {@link Route#CREATE_TOKEN}
 * @param arrivedAt when the call arrived
 * @param at when it took effect, or was turned away
 * @param before the token before the write; {@code null} when the write created it or did not take effect
 * @param after the token after the write; {@code null} when it did not take effect
 * @param turnedAway why it did not take effect (a fault, 429, a refusal); {@code null} when it took effect
 */
public record TokenWrite(
        long tokenId, Route route, Instant arrivedAt, Instant at, State before, State after, String turnedAway) {

    /** What a write can change of a token's quota and status. */
    public record State(long remainQuota, long usedQuota, int status, boolean unlimitedQuota) {

        static State of(EmulatedToken token) {
            return new State(token.remainQuota(), token.usedQuota(), token.status(), token.unlimitedQuota());
        }

        /** {@code remain_quota + used_quota}, which only a quota write changes. */
        public long fundedTotal() {
            return remainQuota + usedQuota;
        }
    }

    static TokenWrite tookEffect(Route route, Instant arrivedAt, EmulatedToken before, EmulatedToken after) {
        return new TokenWrite(
                after.id(),
                route,
                arrivedAt,
                Instant.now(),
                before == null ? null : State.of(before),
                State.of(after),
                null);
    }

    static TokenWrite turnedAway(long tokenId, Route route, Instant arrivedAt, String why) {
        return new TokenWrite(tokenId, route, arrivedAt, Instant.now(), null, null, why);
    }

    public boolean tookEffect() {
        return turnedAway == null;
    }

    /**
     * One line: {@code <at> PUT_TOKEN of token 42 arrived 1.502 s before, took effect: funded total 1000 -> 1010,
     * remain_quota 990 -> 1000, used_quota 10, status 1, unlimited_quota false}, or {@code ..., turned away: 429}; a
     * field the write left as it was is shown once.
     */
    public String line() {
        String head = at + " " + route + " of token " + tokenId + " arrived "
                + String.format(
                        Locale.ROOT, "%.3f", Duration.between(arrivedAt, at).toNanos() / 1e9) + " s before, ";
        if (!tookEffect()) {
            return head + "turned away: " + turnedAway;
        }
        State was = before == null ? after : before;
        return head + (before == null ? "created: " : "took effect: ")
                + change("funded total", was.fundedTotal(), after.fundedTotal()) + ", "
                + change("remain_quota", was.remainQuota(), after.remainQuota()) + ", "
                + change("used_quota", was.usedQuota(), after.usedQuota()) + ", "
                + change("status", was.status(), after.status()) + ", "
                + change("unlimited_quota", was.unlimitedQuota(), after.unlimitedQuota());
    }

    private static String change(String field, Object before, Object after) {
        return field + " " + (before.equals(after) ? before : before + " -> " + after);
    }
}
