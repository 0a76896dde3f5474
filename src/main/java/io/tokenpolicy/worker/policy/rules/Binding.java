package io.tokenpolicy.worker.policy.rules;

import io.tokenpolicy.worker.policy.EventData;
import java.util.Optional;

/** Where an action's argument comes from: a data field of the event ({@code data.amount}) or a fixed value. */
sealed interface Binding permits Binding.Field, Binding.Literal {

    String PREFIX = "data.";

    Optional<Object> valueIn(EventData data);

    record Field(String name) implements Binding {
        @Override
        public Optional<Object> valueIn(EventData data) {
            return data.get(name);
        }
    }

    record Literal(Object value) implements Binding {
        @Override
        public Optional<Object> valueIn(EventData data) {
            return Optional.of(value);
        }
    }
}
