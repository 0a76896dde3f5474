package io.tokenpolicy.worker.kafka;

/** Untrusted text made safe to quote in a reason or a log line: no control characters, bounded length. */
final class Printable {

    private static final int DEFAULT_LENGTH = 100;

    private Printable() {
    }

    static String of(String text) {
        return of(text, DEFAULT_LENGTH);
    }

    static String of(String text, int maxLength) {
        if (text == null) {
            return "";
        }
        String clean = text.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return clean.length() <= maxLength ? clean : clean.substring(0, maxLength) + "...";
    }
}
