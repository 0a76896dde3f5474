package io.tokenpolicy.worker.apply;

import java.util.Collection;
import java.util.Optional;

/** Where intents are kept, durably, for the events of one stream of a token's events. */
public interface IntentLog {

    /** Returns once the intent is durable; throws if it cannot be made so (the write must then not happen). */
    void record(Intent intent);

    /** The open intent that carries any of these events, if a previous attempt left one. */
    Optional<Intent> openFor(Collection<String> eventIds);

    /** An intent log for work that needs none (tests, dry runs). */
    IntentLog NONE = new IntentLog() {
        @Override
        public void record(Intent intent) {
        }

        @Override
        public Optional<Intent> openFor(Collection<String> eventIds) {
            return Optional.empty();
        }
    };
}
