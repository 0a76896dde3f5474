package io.tokenpolicy.worker.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One token field an event changed, in the gateway's field names and values. A value the token's
 * owner can make as long as they like ({@code allow_ips}, {@code model_limits}, {@code group}) is cut
 * after {@value #MAX_VALUE_CHARS} characters with a marker saying how much was left out, so that an
 * outcome stays far below the producer's largest request.
 */
public record FieldChange(String field, Object before, Object after) {

    static final int MAX_VALUE_CHARS = 2_000;

    public FieldChange {
        Objects.requireNonNull(field, "field");
        before = capped(before);
        after = capped(after);
    }

    private static Object capped(Object value) {
        if (value instanceof String text) {
            return cappedText(text);
        }
        if (value instanceof List<?> names) {
            return cappedList(names);
        }
        return value;
    }

    /** The text up to the cap, never splitting a surrogate pair, then the marker when some was left out. */
    private static String cappedText(String text) {
        if (text.length() <= MAX_VALUE_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_VALUE_CHARS - 1)) ? MAX_VALUE_CHARS - 1 : MAX_VALUE_CHARS;
        return text.substring(0, end) + cut(text.length() - end);
    }

    /** The first names that fit in the cap together, then the marker when some were left out. */
    private static List<String> cappedList(List<?> names) {
        List<String> kept = new ArrayList<>();
        int used = 0;
        long left = 0;
        for (Object name : names) {
            String text = String.valueOf(name);
            if (left == 0 && used + text.length() <= MAX_VALUE_CHARS) {
                kept.add(text);
                used += text.length();
            } else {
                left += text.length();
            }
        }
        if (left > 0) {
            kept.add(cut(left));
        }
        return List.copyOf(kept);
    }

    private static String cut(long characters) {
        return String.format(Locale.ROOT, "... (%,d more characters)", characters);
    }
}
