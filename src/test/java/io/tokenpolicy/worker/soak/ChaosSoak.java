package io.tokenpolicy.worker.soak;

import org.junit.jupiter.api.Test;

/**
 * Issue 20's chaos run at full scale (10,000 events over 1,000 tokens, 20 SIGKILLs, a two-minute outage), only in
 * the soak profile: {@code ./mvnw -B -Psoak verify} (docs/reliability.md).
 */
class ChaosSoak {

    @Test
    void threeWorkersThroughKillsMovesABrokerRestartAndAGatewayOutageEndAsTheModelSays() {
        new ChaosScenario(SoakPlan.full()).runAndCheck();
    }
}
