package io.tokenpolicy.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.Route;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import io.tokenpolicy.worker.ops.ConsumerSnapshot;
import io.tokenpolicy.worker.ops.ConsumerStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Large records behind a token that waits for the gateway: the worker fetches them only up to
 * {@code max-buffered-bytes} (plus one fetch), not up to {@code max-buffered-records}, so a heap of
 * 256 MB is not filled by 64 KiB records however many a producer sends.
 */
@WorkerHarness(user = BackPressureByBytesIT.USER)
class BackPressureByBytesIT {

    static final long USER = 43;
    private static final int LARGE_RECORDS = 200;
    private static final int PADDING = 48 * 1024;
    private static final long BYTE_CAP = 2L * 1024 * 1024;
    /** What one fetch of one partition may add past the cap: Kafka's {@code max.partition.fetch.bytes}, 1 MiB. */
    private static final long ONE_FETCH = 1024 * 1024;

    private final Harness harness;
    private final TokenApiEmulator gateway;

    BackPressureByBytesIT(Harness harness) {
        this.harness = harness;
        this.gateway = harness.gateway();
    }

    @Test
    void largeRecordsBehindATokenWaitingForTheGatewayAreFetchedOnlyUpToTheByteCap() throws Exception {
        gateway.addToken(EmulatedToken.forUser(USER).id(1).remainQuota(1_000).build());
        KafkaProducer<String, String> producer = harness.producer();
        String head = "evt-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(harness.eventsTopic(), "1", CloudEvents.topUp(head, 1, 100)))
                .get();

        try (WorkerProcess worker = WorkerProcess.start(settings())) {
            ConsumerStatus consumer = worker.bean(ConsumerStatus.class);
            await("the head top-up's read")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> gateway.calls(Route.GET_TOKEN) >= 1);
            List<String> large = publishLarge(producer);
            List<String> all = new ArrayList<>(large);
            all.add(head);

            long[] peak = new long[2];
            await("every outcome, sampling what is buffered")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        ConsumerSnapshot now = consumer.snapshot();
                        peak[0] = Math.max(peak[0], now.bufferedRecords());
                        peak[1] = Math.max(peak[1], now.bufferedBytes());
                        return harness.outcomes().all().size() >= all.size();
                    });

            List<JsonNode> outcomes = harness.outcomes().awaitAll(all, Duration.ofSeconds(10));
            System.out.printf(
                    "back-pressure by bytes: peak %d records, %d bytes buffered of %d large records%n",
                    peak[0], peak[1], LARGE_RECORDS);
            assertThat(peak[1])
                    .as("bytes buffered at most: the cap and one fetch, a tenth more for the finished ones' copies")
                    .isGreaterThan(BYTE_CAP / 2)
                    .isLessThanOrEqualTo((BYTE_CAP + ONE_FETCH) * 11 / 10);
            // a finished record counts by its outcome's bytes, no longer by its own, so how many records the cap
            // admits depends on how many were finished when fetched (44 to 109 in CI runs); that not all were
            // fetched, as under the record cap alone, is what the byte cap shows
            assertThat(peak[0]).as("records buffered while the head waited").isLessThan(LARGE_RECORDS);
            assertThat(outcomes)
                    .filteredOn(o -> o.path("event_id").asText().equals(head))
                    .singleElement()
                    .satisfies(o -> assertThat(o.path("result").asText()).isEqualTo("APPLIED"));
            assertThat(outcomes)
                    .filteredOn(o -> !o.path("event_id").asText().equals(head))
                    .hasSize(LARGE_RECORDS)
                    .allSatisfy(o -> assertThat(o.path("result").asText()).isEqualTo("REJECTED"));
        }
    }

    /** Events of a type the worker does not know, padded to 48 KiB, on the head's partition (its key). */
    private List<String> publishLarge(KafkaProducer<String, String> producer) throws Exception {
        String padding = "x".repeat(PADDING);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < LARGE_RECORDS; i++) {
            String id = "evt-large-" + i + "-" + UUID.randomUUID();
            ids.add(id);
            producer.send(new ProducerRecord<>(
                    harness.eventsTopic(),
                    "1",
                    CloudEvents.event(id, "billing.unheard_of", Map.of("token_id", 1, "padding", padding))));
        }
        producer.flush();
        return ids;
    }

    /** One gateway call per 8 s: the head's read goes out at once, its write waits while the large records arrive. */
    private Map<String, Object> settings() {
        Map<String, Object> settings = harness.workerSettings();
        settings.put("token-policy.concurrency.max-buffered-bytes", "2MB");
        settings.put("token-policy.rate-limit.requests", 1);
        settings.put("token-policy.rate-limit.window", "8s");
        settings.put("token-policy.concurrency.drain-timeout", "1s");
        return settings;
    }
}
