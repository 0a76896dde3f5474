package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenpolicy.worker.emulator.Fault;
import io.tokenpolicy.worker.emulator.Route;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.TokenEventStream;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A worker that hands its partitions over while one of its writes is in doubt lets go of them only once that write
 * has settled: the gateway carries out a write whose caller gave up, and landing after the new owner's read, it would
 * undo what the new owner wrote.
 */
@WorkerHarness(user = WriteInDoubtHandedOverIT.USER)
class WriteInDoubtHandedOverIT {

    static final long USER = 53;

    private final Harness harness;
    private final TokenApiEmulator gateway;
    private final TokenEventStream events;
    private final Outcomes outcomes;

    WriteInDoubtHandedOverIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
        this.events = harness.eventStream();
        this.outcomes = harness.outcomes();
    }

    @Test
    void aWriteInDoubtWhenTheWorkerHandsItsPartitionsOverDoesNotUndoTheNewOwnersTopUp() {
        events.seed(1, 1_000);
        // the first write is held 8 s, then carried out: its worker gave up on it after 500 ms, and stops before then
        gateway.setTimeoutHold(Duration.ofSeconds(8)).failNextWrites(1, Fault.TIMEOUT);
        Map<String, Object> settle = Map.of(
                "token-api.request-timeout", "500ms",
                "token-api.write-settle-time", "10s",
                "token-policy.concurrency.drain-timeout", "20s");
        WorkerProcess oldOwner = WorkerProcess.start(FaultSettings.of(harness, settle));
        WorkerProcess newOwner;
        String first;
        String second;
        try {
            first = events.topUp(1, 100);
            events.flush();
            await("the first top-up's write, held by the gateway")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> gateway.calls(Route.PUT_TOKEN) == 1);
            second = events.topUp(1, 200);
            events.flush();
            newOwner = WorkerProcess.start(FaultSettings.of(harness, settle));
        } finally {
            oldOwner.close();
        }
        try (newOwner) {
            assertThat(outcomes.awaitFor(first).path("result").asText()).isEqualTo("APPLIED");
            assertThat(outcomes.awaitFor(second).path("result").asText()).isEqualTo("APPLIED");
            await("the held write carried out")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> gateway.callsInFlight() == 0);
        }
        assertThat(gateway.token(1).remainQuota())
                .as("both top-ups: the held write of the first landed before the new owner read the token")
                .isEqualTo(1_300);
    }
}
