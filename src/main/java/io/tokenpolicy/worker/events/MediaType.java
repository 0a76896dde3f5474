package io.tokenpolicy.worker.events;

import io.tokenpolicy.worker.text.Printable;
import java.util.Locale;

/**
 * A content type from a record, read by hand in one pass as RFC 9110 defines it:
 * {@code type "/" subtype *( OWS ";" OWS [ name "=" ( token / quoted-string ) ] )}. Its length and
 * characters are checked before anything else reads it, so that no pattern (the CloudEvents SDK
 * tests content types with a backtracking one) ever sees a hostile value.
 *
 * @param essence {@code type/subtype} in lower case, without parameters
 */
record MediaType(String essence) {

    /** Longer than any real content type; the limit of every other attribute. */
    static final int MAX_LENGTH = EventAttributes.MAX_LENGTH;

    /** The media type {@code text} names; {@code what} names it in the reason when it is not one. */
    static MediaType parse(String text, String what) {
        EventAttributes.requireClean(what, text, MAX_LENGTH);
        Reading reading = new Reading(text, what);
        int slash = reading.token(0, "a type");
        reading.expect(slash, '/');
        int end = reading.token(slash + 1, "a subtype");
        String essence = text.substring(0, end).toLowerCase(Locale.ROOT);
        reading.parameters(end);
        return new MediaType(essence);
    }

    /** JSON by the worker's rule: {@code application/json}, or any subtype with the {@code +json} suffix. */
    boolean json() {
        return essence.equals("application/json") || essence.endsWith("+json");
    }

    /** A cursor over the text; each method returns the position after what it read. */
    private record Reading(String text, String what) {

        private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

        int token(int from, String expected) {
            int at = from;
            while (at < text.length() && tokenChar(text.charAt(at))) {
                at++;
            }
            if (at == from) {
                throw refused("expected " + expected, from);
            }
            return at;
        }

        void expect(int at, char c) {
            if (at >= text.length() || text.charAt(at) != c) {
                throw refused("expected '" + c + "'", at);
            }
        }

        void parameters(int from) {
            int at = whitespace(from);
            while (at < text.length()) {
                expect(at, ';');
                at = whitespace(at + 1);
                if (at < text.length() && text.charAt(at) != ';') {
                    at = parameter(at);
                }
                at = whitespace(at);
            }
        }

        private int parameter(int from) {
            int at = token(from, "a parameter name");
            expect(at, '=');
            at++;
            return at < text.length() && text.charAt(at) == '"' ? quoted(at + 1) : token(at, "a parameter value");
        }

        private int quoted(int from) {
            int at = from;
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '"') {
                    return at + 1;
                }
                if (c == '\\') {
                    at++;
                }
                if (at >= text.length() || !quotable(text.charAt(at))) {
                    throw refused("expected a character of a quoted string", at);
                }
                at++;
            }
            throw refused("quoted string not closed", at);
        }

        private int whitespace(int from) {
            int at = from;
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
            return at;
        }

        private BadEventException refused(String problem, int at) {
            return new BadEventException(what + " '" + Printable.of(text) + "' is not a media type (type/subtype;"
                    + " name=value): " + problem + " at character " + (at + 1));
        }

        private static boolean tokenChar(char c) {
            return (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || TOKEN_SYMBOLS.indexOf(c) >= 0;
        }

        private static boolean quotable(char c) {
            return c == '\t' || (c >= ' ' && c <= '~');
        }
    }
}
