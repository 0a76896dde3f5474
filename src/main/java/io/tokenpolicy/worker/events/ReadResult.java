package io.tokenpolicy.worker.events;

import io.tokenpolicy.worker.apply.EventIdentity;
import io.tokenpolicy.worker.policy.TokenEvent;

/** What a record on an input topic turned out to be. */
public sealed interface ReadResult permits ReadResult.Readable, ReadResult.Refused {

    /** As much as could be told about the event. */
    EventIdentity identity();

    /** A valid event, ready for the pipeline. */
    record Readable(TokenEvent event) implements ReadResult {

        @Override
        public EventIdentity identity() {
            return EventIdentity.of(event.envelope());
        }
    }

    /** A record the pipeline does not take: it is REJECTED with the reason. */
    sealed interface Refused extends ReadResult permits Invalid, WrongTopic, Unreadable {

        /** Why, as the outcome says it. */
        String reason();
    }

    /** A CloudEvent whose type or data is not acceptable: rejected with the reason. */
    record Invalid(EventIdentity identity, String reason) implements Refused {}

    /**
     * A valid event on a topic that does not take its type (a billing event on the security topic): rejected, and
     * parked for {@code replay-dlt} to publish on the events topic.
     */
    record WrongTopic(EventIdentity identity, String reason) implements Refused {}

    /** Not JSON, or not a CloudEvent at all: rejected, and its bytes kept on the dead-letter topic. */
    record Unreadable(EventIdentity identity, String reason) implements Refused {}
}
