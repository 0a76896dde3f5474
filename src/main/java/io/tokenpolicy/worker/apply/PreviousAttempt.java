package io.tokenpolicy.worker.apply;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What became of the quota writes that earlier attempts intended and never reported. Writes
 * to one token happen one after another, each intent recorded after the previous write was
 * settled, so an intent followed by another landed exactly when the next one read a
 * different funded total; the newest one is told by the funded total now: it landed (moved
 * by the delta, or more when usage was overwritten), did not land (unchanged), or cannot be
 * told (someone else changed the quota meanwhile).
 */
final class PreviousAttempt {

    private final Set<String> landed = new HashSet<>();
    private final Set<String> unexplained = new HashSet<>();
    private Intent newestLanded;
    private String unexplainedReason = "";

    static PreviousAttempt settle(List<Intent> open, StoredToken token, IntentLog intents) {
        PreviousAttempt previous = new PreviousAttempt();
        for (int i = 0; i < open.size(); i++) {
            Intent intent = open.get(i);
            boolean newest = i == open.size() - 1;
            boolean landed = newest ? previous.settleNewest(intent, token.fundedTotal())
                    : open.get(i + 1).fundedBefore() != intent.fundedBefore();
            if (landed) {
                previous.landed.addAll(intent.eventIds());
                previous.newestLanded = newest ? intent : null;
            }
            intents.settle(intent);
        }
        return previous;
    }

    private boolean settleNewest(Intent intent, long funded) {
        if (funded == intent.fundedBefore()) {
            return false;
        }
        if (funded >= intent.fundedAfter() && (intent.delta() > 0 || funded < intent.fundedBefore())) {
            return true;
        }
        unexplained.addAll(intent.eventIds());
        unexplainedReason = "cannot tell whether an earlier attempt's quota change landed: funded total"
                + " (remain_quota + used_quota) is " + funded + ", expected " + intent.fundedAfter()
                + " if it landed or " + intent.fundedBefore() + " if not; the quota was changed by someone"
                + " else meanwhile, so it is not applied again";
        return false;
    }

    /** The newest intent, when it landed: the funded total it should leave, usage overwritten or not. */
    Intent newestLanded() {
        return newestLanded;
    }

    boolean landed(String eventId) {
        return landed.contains(eventId);
    }

    boolean unexplained(String eventId) {
        return unexplained.contains(eventId);
    }

    String unexplainedReason() {
        return unexplainedReason;
    }
}
