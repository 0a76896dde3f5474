package io.tokenpolicy.worker.soak;

/**
 * The soak's tokens and their two gateway users: tokens 1 to {@code tokens / 2} are the first user's, used all the
 * while; the rest, and the late tokens after them (created on the gateway only at the end), the second user's.
 *
 * @param tokens     the tokens seeded at the start
 * @param lateTokens the tokens created only before the dead letters are replayed
 */
record SoakUsers(int tokens, int lateTokens) {

    static final long USED_USER = 41;
    static final long EXACT_USER = 42;

    long userOf(long token) {
        return token <= tokens / 2 ? USED_USER : EXACT_USER;
    }

    long usedUser() {
        return USED_USER;
    }

    long lateUser() {
        return EXACT_USER;
    }
}
