package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.emulator.DatabaseStep;
import io.tokenpolicy.worker.emulator.EmulatedRefusal;
import io.tokenpolicy.worker.emulator.ServerProfile;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The worker keys the finality of a {@code success:false} on its text, so every refusal text of every emulator
 * profile is classified as the worker must take it: the body checks, an unknown token, the re-enable guards and an
 * unknown access token final, the rest (the decoder's complaints, a database driver's text) retried. A refusal that
 * ends in a value is checked by the start of its text, which is how the worker knows it.
 */
class EmulatorRefusalsClassifiedTest {

    static Stream<Arguments> refusals() {
        return Arrays.stream(ServerProfile.values()).flatMap(profile -> Arrays.stream(EmulatedRefusal.values())
                .filter(refusal -> refusal.text(profile) != null)
                .map(refusal -> Arguments.of(profile, refusal)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusals")
    void everyRefusalOfEveryProfileIsFinalExactlyWhenTheServerMeansItForGood(
            ServerProfile profile, EmulatedRefusal refusal) {
        String text = refusal.text(profile);

        assertThat(GatewayRefusals.isFinal(text))
                .as("%s of %s: %s", refusal, profile.label(), text)
                .isEqualTo(refusal.finalForGood());
    }

    @ParameterizedTest
    @ValueSource(strings = {DatabaseStep.SQLITE_LOCKED, DatabaseStep.MYSQL_LOCK_WAIT})
    void theDatabaseErrorsTheEmulatorAnswersAreRetried(String driverText) {
        assertThat(GatewayRefusals.isFinal(driverText)).isFalse();
    }
}
