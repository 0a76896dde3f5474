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

    private Printable() {}

    public static String of(String text) {
        return of(text, DEFAULT_LENGTH);
    }

    /**
     * At most {@code maxLength} code points of {@code text}, cleaned and masked, with "..." when it was
     * longer. Masked before it is cut, so that a key the cut would split is still recognised whole.
     */
    public static String of(String text, int maxLength) {
        if (text == null) {
            return "";
        }
        String clean = text.codePoints()
                .map(c -> unsafe(c) || c <= 0xFFFF && Character.isSurrogate((char) c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        String masked = SECRET_LIKE.matcher(clean).replaceAll("***");
        if (masked.codePointCount(0, masked.length()) <= maxLength) {
            return masked;
        }
        return masked.substring(0, masked.offsetByCodePoints(0, maxLength)) + "...";
    }

    /**
     * Whether the code point can forge or hide a line: C0/C1 controls such as NUL, ESC, CR and LF,
     * Unicode line separators, bidirectional overrides.
     */
    public static boolean unsafe(int codePoint) {
        return Character.isISOControl(codePoint)
                || codePoint == '\u2028'
                || codePoint == '\u2029'
                || (codePoint >= '\u202A' && codePoint <= '\u202E')
                || (codePoint >= '\u2066' && codePoint <= '\u2069');
    }
}
