package io.tokenpolicy.worker.kafka;

import java.util.regex.Pattern;

/**
 * Untrusted text made safe to quote in a reason or a log line: no control characters or
 * unpaired surrogates, anything shaped like a token key or access token masked, bounded length.
 */
final class Printable {

    private static final int DEFAULT_LENGTH = 100;
    private static final Pattern SECRET_LIKE = Pattern.compile("[A-Za-z0-9]{24,}");

    private Printable() {
    }

    static String of(String text) {
        return of(text, DEFAULT_LENGTH);
    }

    static String of(String text, int maxLength) {
        if (text == null) {
            return "";
        }
        int[] codePoints = text.codePoints()
                .map(c -> CleanText.unsafe(c) || c <= 0xFFFF && Character.isSurrogate((char) c) ? '?' : c)
                .toArray();
        String clean = new String(codePoints, 0, Math.min(codePoints.length, maxLength));
        String masked = SECRET_LIKE.matcher(clean).replaceAll("***");
        return codePoints.length <= maxLength ? masked : masked + "...";
    }
}
