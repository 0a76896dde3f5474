package io.tokenpolicy.worker.outcomes;

import io.tokenpolicy.worker.apply.Outcome;
import io.tokenpolicy.worker.events.RecordKey;
import io.tokenpolicy.worker.ledger.Triage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;

/**
 * Puts the ids of the events being worked on into the logging context (MDC) of the worker
 * thread, so that every line logged meanwhile, here or in the gateway client, carries
 * {@code event_id}, {@code token_id} and {@code user_id}; structured logs show them as fields.
 * Executor threads are reused, so the context is always removed when the work ends.
 */
public final class EventMdc {

    static final String EVENT_ID = "event_id";
    static final String EVENT_TYPE = "event_type";
    static final String TOKEN_ID = "token_id";
    static final String USER_ID = "user_id";
    private static final List<String> KEYS = List.of(EVENT_ID, EVENT_TYPE, TOKEN_ID, USER_ID);

    private EventMdc() {}

    /** Sets the context of a batch of one token's records, until {@link #clear()}. */
    public static void batch(List<ConsumerRecord<byte[], byte[]>> records) {
        put(TOKEN_ID, RecordKey.tokenId(records.get(0).key()));
    }

    /** Adds what reading the batch told: the ids of its events and their users. */
    public static void read(Triage triage) {
        List<Triage.Sorted> sorted = triage.sorted();
        put(EVENT_ID, joined(sorted, s -> s.read().identity().eventId()));
        put(USER_ID, joined(sorted, s -> s.read().identity().userId()));
    }

    /** Runs {@code work} with the context of one outcome, then puts the batch's context back. */
    static void around(Outcome outcome, Runnable work) {
        Map<String, String> batch = MDC.getCopyOfContextMap();
        put(EVENT_ID, outcome.eventId());
        put(EVENT_TYPE, outcome.eventType());
        put(TOKEN_ID, outcome.tokenId());
        put(USER_ID, outcome.userId());
        try {
            work.run();
        } finally {
            KEYS.forEach(MDC::remove);
            if (batch != null) {
                KEYS.stream().filter(batch::containsKey).forEach(key -> MDC.put(key, batch.get(key)));
            }
        }
    }

    public static void clear() {
        KEYS.forEach(MDC::remove);
    }

    private static void put(String key, Object value) {
        if (value == null || value.toString().isEmpty()) {
            MDC.remove(key);
        } else {
            MDC.put(key, value.toString());
        }
    }

    private static String joined(List<Triage.Sorted> sorted, Function<Triage.Sorted, Object> value) {
        Set<String> values = new LinkedHashSet<>();
        sorted.stream().map(value).filter(v -> v != null).forEach(v -> values.add(v.toString()));
        return String.join(",", values);
    }
}
