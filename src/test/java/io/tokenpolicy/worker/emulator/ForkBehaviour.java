package io.tokenpolicy.worker.emulator;

/**
 * What forks of the new-api family do differently on a write, switchable per emulator, so that a client's check of
 * each write's answer against the state it intended is tested against servers that do not write what they are sent.
 * A field the server does not know at all is {@link TokenApiEmulator#forgetField(String)}.
 */
public enum ForkBehaviour {

    /** A full PUT that raises {@code remain_quota} (or makes it unlimited) also sets the token enabled. */
    RE_ENABLES_ON_QUOTA_RAISE,

    /** A PUT stores what it was sent but answers the token as it was before the write (an answer from a cache). */
    ANSWERS_STATE_BEFORE_WRITE
}
