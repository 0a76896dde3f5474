package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpolicy.worker.config.InputProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputLimitsTest {

    @Test
    void defaultCapFitsTheProducersDefaultRequestSize() {
        assertThatCode(() -> InputLimits.requireParkable(new InputProperties(65_536, 8, 256), Map.of()))
                .doesNotThrowAnyException();
    }

    @Test
    void capThatCouldNotBeParkedStopsTheWorkerNamingBothSettings() {
        assertThatThrownBy(() -> InputLimits.requireParkable(
                        new InputProperties(65_536, 8, 256), Map.of("max.request.size", "70000")))
                .hasMessageContaining("token-policy.input.max-record-bytes (65536)")
                .hasMessageContaining("max.request.size (70000)");
    }
}
