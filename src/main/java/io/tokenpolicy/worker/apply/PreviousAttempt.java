package io.tokenpolicy.worker.apply;

import java.util.Optional;

/**
 * What became of a write that a previous attempt intended and never reported: the funded
 * total says whether it landed (moved by the delta, or more when usage was overwritten),
 * did not land (unchanged), or cannot be told (someone else changed the quota meanwhile).
 */
record PreviousAttempt(Intent intent, State state, long fundedNow) {

    enum State { NONE, LANDED, NOT_LANDED, UNEXPLAINED }

    static PreviousAttempt settle(Optional<Intent> open, StoredToken token) {
        long funded = token.fundedTotal();
        if (open.isEmpty()) {
            return new PreviousAttempt(null, State.NONE, funded);
        }
        Intent intent = open.get();
        if (funded == intent.fundedBefore()) {
            return new PreviousAttempt(intent, State.NOT_LANDED, funded);
        }
        boolean landed = funded >= intent.fundedAfter() && (intent.delta() > 0 || funded < intent.fundedBefore());
        return new PreviousAttempt(intent, landed ? State.LANDED : State.UNEXPLAINED, funded);
    }

    boolean landed() {
        return state == State.LANDED;
    }

    boolean landed(String eventId) {
        return landed() && intent.eventIds().contains(eventId);
    }

    boolean unexplained(String eventId) {
        return state == State.UNEXPLAINED && intent.eventIds().contains(eventId);
    }

    String unexplainedReason() {
        return "cannot tell whether an earlier attempt's quota change landed: funded total (remain_quota + used_quota) is "
                + fundedNow + ", expected " + intent.fundedAfter() + " if it landed or " + intent.fundedBefore()
                + " if not; the quota was changed by someone else meanwhile, so it is not applied again";
    }
}
