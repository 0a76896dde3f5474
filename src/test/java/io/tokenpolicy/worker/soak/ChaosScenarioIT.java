package io.tokenpolicy.worker.soak;

import io.tokenpolicy.worker.fixtures.RunsAlone;
import org.junit.jupiter.api.Test;

/**
 * Issue 20's chaos run at the scale of the default build: the scenario {@link ChaosSoak} runs at full scale in the
 * soak profile, here in about a minute (docs/reliability.md).
 */
@RunsAlone
class ChaosScenarioIT {

    @Test
    void threeWorkersThroughKillsMovesABrokerRestartAndAGatewayOutageEndAsTheModelSays() {
        new ChaosScenario(SoakPlan.scaledDown()).runAndCheck();
    }
}
