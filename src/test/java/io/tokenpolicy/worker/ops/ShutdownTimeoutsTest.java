package io.tokenpolicy.worker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShutdownTimeoutsTest {

    @Test
    void defaultsLeaveRoomToCommitAndCloseAfterTheDrain() {
        assertThat(ShutdownTimeouts.mismatch(Duration.ofSeconds(30), Duration.ofSeconds(45)))
                .isEmpty();
    }

    @Test
    void drainLongerThanTheShutdownPhaseIsNamedWithBothSettings() {
        assertThat(ShutdownTimeouts.mismatch(Duration.ofSeconds(30), Duration.ofSeconds(30)))
                .hasValueSatisfying(
                        warning -> assertThat(warning).contains("drain-timeout", "timeout-per-shutdown-phase"));
    }
}
