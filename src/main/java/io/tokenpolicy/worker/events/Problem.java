package io.tokenpolicy.worker.events;

import io.tokenpolicy.worker.text.Printable;

/** Short, printable descriptions of what went wrong, fit for an outcome's reason. */
final class Problem {

    private static final int MAX_LENGTH = 200;

    private Problem() {}

    /** The first line of the deepest cause's message, cut short and stripped of control characters. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return Printable.of(message.lines().findFirst().orElse(""), MAX_LENGTH);
    }
}
