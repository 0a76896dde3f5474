package io.tokenpolicy.worker.apply;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What became of one event: the audit record published for every event that reaches the
 * worker. Identity fields are null only when the record was too broken to tell them.
 * Events of one token applied together share their gateway calls: {@code apiCalls} and
 * {@code attempts} count the calls of the whole batch of {@code batchSize} events. {@code gatewayDiffers} lists what
 * the gateway's answers to the batch's writes showed it wrote otherwise than intended (intended as {@code before},
 * written as {@code after}); empty when every answer was as intended.
 */
public record Outcome(
        String eventId,
        String eventType,
        Long tokenId,
        Long userId,
        Result result,
        String reason,
        List<FieldChange> changes,
        int apiCalls,
        int attempts,
        int batchSize,
        Instant receivedAt,
        Instant completedAt,
        List<FieldChange> gatewayDiffers) {

    /** How the reason of an event that the gateway refused begins. */
    public static final String REFUSED_BY_GATEWAY = "gateway refused: ";
    /** How the reason begins of an event the gateway is known to refuse, so that it was not asked. */
    public static final String WOULD_BE_REFUSED = "gateway would refuse: ";
    /** How the reason begins of an event whose earlier attempt's quota change may or may not have landed. */
    public static final String CANNOT_TELL = "cannot tell whether an earlier attempt's quota change landed: ";

    public Outcome {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(completedAt, "completedAt");
        changes = List.copyOf(changes);
        gatewayDiffers = List.copyOf(gatewayDiffers);
    }

    /** An outcome whose writes the gateway answered as intended. */
    public Outcome(
            String eventId,
            String eventType,
            Long tokenId,
            Long userId,
            Result result,
            String reason,
            List<FieldChange> changes,
            int apiCalls,
            int attempts,
            int batchSize,
            Instant receivedAt,
            Instant completedAt) {
        this(
                eventId,
                eventType,
                tokenId,
                userId,
                result,
                reason,
                changes,
                apiCalls,
                attempts,
                batchSize,
                receivedAt,
                completedAt,
                List.of());
    }

    /** This outcome, noting what the gateway wrote otherwise than intended. */
    Outcome withGatewayDiffers(List<FieldChange> differs) {
        return new Outcome(
                eventId,
                eventType,
                tokenId,
                userId,
                result,
                reason,
                changes,
                apiCalls,
                attempts,
                batchSize,
                receivedAt,
                completedAt,
                differs);
    }

    /** An event refused before any gateway call. */
    public static Outcome rejected(EventIdentity identity, String reason, Instant receivedAt, Instant completedAt) {
        return withoutCalls(identity, Result.REJECTED, reason, receivedAt, completedAt);
    }

    /** An event settled without any gateway call and without changes. */
    public static Outcome withoutCalls(
            EventIdentity identity, Result result, String reason, Instant receivedAt, Instant completedAt) {
        return of(identity, result, reason, List.of(), 0, 0, 1, receivedAt, completedAt);
    }

    /** The outcome of an event known by its identity, with the calls of its batch. */
    static Outcome of(
            EventIdentity identity,
            Result result,
            String reason,
            List<FieldChange> changes,
            int apiCalls,
            int attempts,
            int batchSize,
            Instant receivedAt,
            Instant completedAt) {
        return new Outcome(
                identity.eventId(),
                identity.eventType(),
                identity.tokenId(),
                identity.userId(),
                result,
                reason,
                changes,
                apiCalls,
                attempts,
                batchSize,
                receivedAt,
                completedAt);
    }

    /**
     * Whether the gateway refused the event (bad credentials, a redirect, a business error): a cause outside the
     * event that may be fixed later, so it is parked for replay.
     */
    public boolean refusedByGateway() {
        return result == Result.REJECTED
                && (reason.startsWith(REFUSED_BY_GATEWAY) || reason.startsWith(WOULD_BE_REFUSED));
    }

    /**
     * Whether the event was not applied because an earlier attempt's quota change may have landed or not, and the
     * funded total cannot tell: parked, for an operator to replay once the token shows that it did not land.
     */
    public boolean cannotTell() {
        return result == Result.REJECTED && reason.startsWith(CANNOT_TELL);
    }
}
