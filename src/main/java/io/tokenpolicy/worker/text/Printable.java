package io.tokenpolicy.worker.text;

import java.util.regex.Pattern;

/**
 * Untrusted text made safe to quote in a reason or a log line: no control characters or
 * unpaired surrogates, anything shaped like a token key or access token masked, bounded length.
 * Text from producers and from the gateway alike goes through here before it is copied anywhere.
 */
public final class Printable {

    private static final int DEFAULT_LENGTH = 100;
    private static final Pattern SECRET_LIKE = Pattern.compile("[A-Za-z0-9]{24,}");

    private Printable() {
    }

    public static String of(String text) {
        return of(text, DEFAULT_LENGTH);
    }

    /** At most {@code maxLength} code points of {@code text}, cleaned, with "..." when it was longer. */
    public static String of(String text, int maxLength) {
        if (text == null) {
            return "";
        }
        int[] codePoints = text.codePoints()
                .limit(maxLength + 1L)
                .map(c -> unsafe(c) || c <= 0xFFFF && Character.isSurrogate((char) c) ? '?' : c)
                .toArray();
        String clean = new String(codePoints, 0, Math.min(codePoints.length, maxLength));
        String masked = SECRET_LIKE.matcher(clean).replaceAll("***");
        return codePoints.length <= maxLength ? masked : masked + "...";
    }

    /**
     * Whether the code point can forge or hide a line: C0/C1 controls such as NUL, ESC, CR and LF,
     * Unicode line separators, bidirectional overrides.
     */
    public static boolean unsafe(int codePoint) {
        return Character.isISOControl(codePoint)
                || codePoint == '\u2028' || codePoint == '\u2029'
                || (codePoint >= '\u202A' && codePoint <= '\u202E')
                || (codePoint >= '\u2066' && codePoint <= '\u2069');
    }
}
