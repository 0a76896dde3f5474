package io.tokenpolicy.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ConcurrencyPropertiesTest {

    @Test
    void tokensInProgressDefaultToAQuarterMoreThanTheCallsInFlight() {
        assertThat(properties(64, null).maxTokensInProgress()).isEqualTo(80);
        assertThat(properties(10, null).maxTokensInProgress()).isEqualTo(12);
    }

    @Test
    void aSingleCallInFlightStillLetsASecondTokenPrepareMeanwhile() {
        assertThat(properties(1, null).maxTokensInProgress()).isEqualTo(2);
    }

    @Test
    void tokensInProgressSetExplicitlyAreKept() {
        assertThat(properties(64, 64).maxTokensInProgress()).isEqualTo(64);
    }

    @Test
    void aByteCapOfNothingIsRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> new ConcurrencyProperties(
                        64, null, 100, 10_000, DataSize.ofBytes(0), Duration.ofMillis(200), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token-policy.concurrency.max-buffered-bytes must be positive");
    }

    private static ConcurrencyProperties properties(int maxInFlight, Integer maxTokensInProgress) {
        return new ConcurrencyProperties(
                maxInFlight,
                maxTokensInProgress,
                100,
                10_000,
                DataSize.ofMegabytes(32),
                Duration.ofMillis(200),
                Duration.ofSeconds(30));
    }
}
