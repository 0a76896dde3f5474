package io.tokenpolicy.worker.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void controlCharactersLineSeparatorsAndBidiOverridesBecomeQuestionMarks() {
        assertThat(Printable.of("a\r\nb\u0000c\u001b[2Jd\u2028e\u202Ef\u0085")).isEqualTo("a??b?c?[2Jd?e?f?");
    }

    @Test
    void unpairedSurrogatesBecomeQuestionMarksAndPairsStay() {
        assertThat(Printable.of("x\uD800y\uD83D\uDE00")).isEqualTo("x?y\uD83D\uDE00");
    }

    @Test
    void longTextIsCutByCodePointsNeverInsideAPair() {
        assertThat(Printable.of("\uD83D\uDE00".repeat(5), 3)).isEqualTo("\uD83D\uDE00".repeat(3) + "...");
    }

    @Test
    void runsShapedLikeKeysOrAccessTokensAreMasked() {
        assertThat(Printable.of("key sk-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z leaked, id evt-123e4567-e89b-12d3"))
                .isEqualTo("key sk-*** leaked, id evt-123e4567-e89b-12d3");
    }

    @Test
    void aKeyTheCutWouldSplitIsMaskedWholeBeforeTheCut() {
        String key = "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy";

        String quoted = Printable.of("-".repeat(90) + key + " " + "-".repeat(50), 100);

        assertThat(quoted).isEqualTo("-".repeat(90) + "*** " + "-".repeat(6) + "...");
    }
}
