package io.tokenpolicy.worker.events;

import io.tokenpolicy.worker.text.Printable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules for text that may reach an outcome, a log line or the gateway: strict UTF-8, and
 * no character that can forge or hide a line (C0/C1 controls such as NUL, ESC, CR and LF,
 * Unicode line separators, bidirectional overrides) or break an encoder (unpaired surrogates).
 */
final class CleanText {

    private CleanText() {}

    /** Decodes UTF-8, refusing malformed bytes rather than replacing them. */
    static String utf8(byte[] bytes, String what) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new BadEventException(what + " is not UTF-8: invalid byte at offset " + in.position());
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** What is wrong with the text, naming the first offending character by its code point, if anything. */
    static Optional<String> problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("contains an unpaired surrogate");
            } else if (Printable.unsafe(c)) {
                return Optional.of("contains the control character " + codePoint(c));
            }
        }
        return Optional.empty();
    }

    private static String codePoint(char c) {
        return String.format(Locale.ROOT, "U+%04X", (int) c);
    }
}
