package io.tokenpolicy.worker.soak;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The long run, only in the soak profile: one worker under {@code soak.rate} events a second (200 unless told
 * otherwise) for {@code soak.duration} (30 minutes unless told otherwise:
 * {@code ./mvnw -B -Psoak verify -Dsoak.duration=PT10M -Dsoak.rate=100}), with a dedup window of
 * {@code soak.dedup-window} (5 minutes unless told otherwise), sampled every minute (docs/reliability.md).
 */
class SteadyLoadSoak {

    @Test
    void oneWorkerUnderSteadyLoadGrowsNothingOnceItsLedgerHoldsAFullWindow() {
        new SteadyLoad(
                        Duration.parse(System.getProperty("soak.duration", "PT30M")),
                        Integer.parseInt(System.getProperty("soak.rate", "200")),
                        Duration.parse(System.getProperty("soak.dedup-window", "PT5M")))
                .runAndCheck();
    }
}
