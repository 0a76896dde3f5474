package io.tokenpolicy.worker.emulator;

import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The database errors queued for the controller's steps, each the driver's raw text. */
final class DatabaseFaults {

    private final Map<DatabaseStep, Queue<String>> queued = new ConcurrentHashMap<>();

    void failNext(DatabaseStep step, int times, String driverText) {
        Objects.requireNonNull(driverText, "driverText");
        Queue<String> texts = queued.computeIfAbsent(step, none -> new ConcurrentLinkedQueue<>());
        for (int i = 0; i < times; i++) {
            texts.add(driverText);
        }
    }

    /** Throws the next queued error of the step, answered 200 {@code success:false} with the driver's text. */
    void at(DatabaseStep step) {
        Queue<String> texts = queued.get(step);
        String text = texts == null ? null : texts.poll();
        if (text != null) {
            throw ApiFailure.business(text);
        }
    }

    void clear() {
        queued.clear();
    }
}
