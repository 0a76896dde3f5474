package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.apply.Intent.Fate;
import io.tokenpolicy.worker.policy.TokenState;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What became of the quota writes that earlier attempts intended and never reported. An intent
 * whose fate an earlier batch told keeps it. The others are told here: writes to one token happen
 * one after another, each intent recorded after the previous write was settled, so an intent
 * followed by another, told or not, landed exactly when the next one read a different funded
 * total; the newest one is told by the funded total now: it landed (moved by the delta, or more
 * when usage was overwritten), did not land (unchanged), or cannot be told (someone else changed
 * the quota meanwhile). Each intent is handed back to the log with its fate, once.
 */
final class PreviousAttempt {

    private static final String UNTOLD_BEFORE =
            Outcome.CANNOT_TELL + "the quota was changed by someone else meanwhile, so it is not applied again";

    private final Set<String> landed = new HashSet<>();
    private final Set<String> unexplained = new HashSet<>();
    private Intent newestLanded;
    private boolean limitedByAnEventToCome;
    private String unexplainedReason = UNTOLD_BEFORE;

    static PreviousAttempt settle(List<Intent> open, StoredToken token, IntentLog intents) {
        PreviousAttempt previous = new PreviousAttempt();
        Intent newestFlagWriteLanded = null;
        for (Intent intent : open) {
            Fate fate = intent.fate() != Fate.UNKNOWN ? intent.fate() : previous.tell(intent, open, token);
            if (fate == Fate.LANDED) {
                previous.landed.addAll(intent.eventIds());
            } else if (fate == Fate.UNTOLD) {
                previous.unexplained.addAll(intent.eventIds());
            }
            if (intent.fate() == Fate.UNKNOWN
                    && fate == Fate.LANDED
                    && intent.unlimitedWrite() != Intent.UnlimitedWrite.UNCHANGED) {
                newestFlagWriteLanded = intent;
            }
            intents.settle(intent.told(fate), token.userId());
        }
        previous.limitedByAnEventToCome = newestFlagWriteLanded != null
                && newestFlagWriteLanded.unlimitedWrite() == Intent.UnlimitedWrite.MADE_LIMITED
                && !newestFlagWriteLanded.reported()
                && !newestFlagWriteLanded.unlimitedChangedBy().isEmpty()
                && !intents.committed(newestFlagWriteLanded.unlimitedChangedBy());
        return previous;
    }

    /**
     * The open intents a batch of {@code lane} tells: the security lane leaves one whose write made the token limited
     * to the billing batch that delivers its events again ({@link #decidedFrom}). Told and closed by a security batch,
     * it would be gone when that batch comes, and its top-ups would be applied to the limited token.
     */
    static List<Intent> toTell(List<Intent> open, Lane lane) {
        if (lane == Lane.BILLING) {
            return open;
        }
        return open.stream()
                .filter(intent -> intent.unlimitedWrite() != Intent.UnlimitedWrite.MADE_LIMITED)
                .toList();
    }

    private Fate tell(Intent intent, List<Intent> open, StoredToken token) {
        int index = open.indexOf(intent);
        if (index < open.size() - 1) {
            if (intent.delta() == 0 && intent.unlimitedWrite() != Intent.UnlimitedWrite.UNCHANGED) {
                return toldByTheFlag(intent, open.subList(index + 1, open.size()), token);
            }
            return open.get(index + 1).fundedBefore() != intent.fundedBefore() ? Fate.LANDED : Fate.NOT_LANDED;
        }
        Fate fate = tellNewest(intent, token);
        newestLanded = fate == Fate.LANDED ? intent : null;
        return fate;
    }

    private Fate tellNewest(Intent intent, StoredToken token) {
        long funded = token.fundedTotal();
        if (intent.delta() == 0) {
            // the funded total cannot tell: the flag the write changed does, and for the rest it is taken as landed
            // when the funded total rose, so that what the write may have overwritten is taken back
            if (intent.unlimitedWrite() != Intent.UnlimitedWrite.UNCHANGED) {
                return toldByTheFlag(intent, List.of(), token);
            }
            return funded > intent.fundedBefore() ? Fate.LANDED : Fate.NOT_LANDED;
        }
        if (funded == intent.fundedBefore()) {
            return Fate.NOT_LANDED;
        }
        if (funded >= intent.fundedAfter()
                && (intent.delta() > 0
                        || funded < intent.fundedBefore()
                        || funded - intent.fundedAfter() <= overwritableUsage(intent, token))) {
            return Fate.LANDED;
        }
        unexplainedReason = Outcome.CANNOT_TELL + "funded total"
                + " (remain_quota + used_quota) is " + funded + ", expected " + intent.fundedAfter()
                + " if it landed or " + intent.fundedBefore() + " if not; the quota was changed by someone"
                + " else meanwhile, so it is not applied again";
        return Fate.UNTOLD;
    }

    /**
     * The usage a refund's PUT that landed may have overwritten, leaving the funded total above the one it found: at
     * most the usage since its read. Only for an intent whose batch was cut short (a crash, a hand-over before its
     * correction), delivered again within moments; one whose events were reported without effect may come back hours
     * later, when that much usage could hide someone else's raise of a refund that never landed, so it is told by the
     * funded total alone ("cannot tell" when it rose). 0 when the intent did not keep {@code used_quota}.
     */
    private static long overwritableUsage(Intent intent, StoredToken token) {
        if (intent.usedBefore() < 0 || intent.reported()) {
            return 0;
        }
        return Math.max(0, token.usedQuota() - intent.usedBefore());
    }

    /**
     * A write that changed {@code unlimited_quota} and moved no quota, whose funded total cannot tell: every later
     * write of the token kept the flag as it found it, but for one that changed it again, and found the token as this
     * write left it when it changed it the other way; with no such write, the flag now tells.
     */
    private static Fate toldByTheFlag(Intent intent, List<Intent> later, StoredToken token) {
        boolean madeUnlimited = intent.unlimitedWrite() == Intent.UnlimitedWrite.MADE_UNLIMITED;
        boolean landed = later.stream()
                .map(Intent::unlimitedWrite)
                .filter(write -> write != Intent.UnlimitedWrite.UNCHANGED)
                .findFirst()
                .map(next -> next != intent.unlimitedWrite())
                .orElse(token.state().unlimitedQuota() == madeUnlimited);
        return landed ? Fate.LANDED : Fate.NOT_LANDED;
    }

    /** The newest intent, when it landed and was told just now: the funded total it should leave, usage overwritten or not. */
    Intent newestLanded() {
        return newestLanded;
    }

    /**
     * The token the batch's events are decided from: unlimited, as the newest intent's write found it, when that write
     * made the token limited, landed and was never reported, and the event that decided it was not committed: its
     * batch is being delivered again, whose top-ups and refunds before that event changed nothing on the unlimited
     * token (decided from the limited token, they would be applied). When that event's outcome was committed before
     * the crash (a batch's outcomes commit record by record), the events delivered again came after it, on the
     * limited token. A batch cut before that event writes the token unlimited again, until the event comes and
     * limits it once more. A write that made a token unlimited needs no such care: the quota events before it moved
     * the quota under its intent, and those after it change nothing either way.
     */
    TokenState decidedFrom(TokenState token) {
        return limitedByAnEventToCome ? token.withUnlimitedQuota(true) : token;
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

    /** Why an intent that was told UNTOLD is not applied again, for the outcomes of its events. */
    static String untoldReason() {
        return UNTOLD_BEFORE;
    }
}
