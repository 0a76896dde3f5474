package io.tokenpolicy.worker.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.CloudEvents;
import io.tokenpolicy.worker.fixtures.Harness;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.TopicReader;
import io.tokenpolicy.worker.fixtures.WorkerHarness;
import io.tokenpolicy.worker.fixtures.WorkerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Events whose retry budget ran out while the gateway was down end FAILED on the dead-letter topic;
 * {@code replay-dlt} puts them back, and the worker then applies each exactly once.
 */
@WorkerHarness(user = DeadLetterReplayIT.USER)
class DeadLetterReplayIT {

    static final long USER = 7;

    @Test
    void failedEventsReplayedFromTheDeadLetterTopicAreAppliedExactlyOnce(Harness harness) {
        String run = harness.run();
        String brokers = harness.brokers();
        String events = harness.eventsTopic();
        String deadLetters = harness.deadLetterTopic();
        TokenApiEmulator gateway = harness.gateway();
        KafkaProducer<String, String> producer = harness.producer();
        Outcomes outcomes = harness.outcomes();
        try (TopicReader parked = new TopicReader(brokers, deadLetters)) {
            for (long tokenId = 1; tokenId <= 3; tokenId++) {
                gateway.addToken(EmulatedToken.forUser(USER)
                        .id(tokenId)
                        .remainQuota(1_000)
                        .build());
            }
            Map<String, Object> settings = harness.workerSettings();
            settings.put("token-policy.retry.max-attempts", 2);
            settings.put("token-policy.retry.initial-backoff", "10ms");
            try (WorkerProcess worker = WorkerProcess.start(settings)) {
                gateway.setDown(true);
                List<String> topUps = new ArrayList<>();
                for (long tokenId = 1; tokenId <= 2; tokenId++) {
                    for (int n = 0; n < 2; n++) {
                        String id = "topup-" + tokenId + "-" + n + "-" + run;
                        topUps.add(id);
                        producer.send(new ProducerRecord<>(
                                events, Long.toString(tokenId), CloudEvents.topUp(id, tokenId, 100)));
                    }
                }
                String restriction = "restrict-3-" + run;
                producer.send(new ProducerRecord<>(
                        events, "3", CloudEvents.ipRestriction(restriction, 3, List.of("10.0.0.0/8"))));
                List<String> all = new ArrayList<>(topUps);
                all.add(restriction);

                await("5 FAILED outcomes")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> results(outcomes, all, "FAILED") == 5);
                List<ConsumerRecord<byte[], byte[]>> letters = awaitDeadLetters(parked, 5);
                assertThat(letters).allSatisfy(letter -> {
                    assertThat(header(letter, "dlt-result")).isEqualTo("FAILED");
                    assertThat(header(letter, "dlt-attempts")).isEqualTo("2");
                    assertThat(header(letter, "dlt-reason")).isNotBlank();
                });

                gateway.setDown(false);
                Instant afterParking = Instant.now().plusSeconds(1);
                ReplayRun nothingLater = ReplayRun.of(brokers, events, deadLetters, "--since=" + afterParking);
                assertThat(nothingLater.status()).isZero();
                assertThat(nothingLater.out()).contains("replayed 0 of 0 dead letters");

                ReplayRun dryRun = ReplayRun.of(brokers, events, deadLetters, "--type=billing.topup", "--dry-run");
                assertThat(dryRun.out()).contains("would replay 4 of 5 dead letters");
                assertThat(results(outcomes, all, "APPLIED")).isZero();

                ReplayRun topUpsOnly = ReplayRun.of(brokers, events, deadLetters, "--type=billing.topup");
                assertThat(topUpsOnly.status()).isZero();
                assertThat(topUpsOnly.out())
                        .contains("replayed 4 of 5 dead letters")
                        .contains("1 of another type");
                await("the replayed top-ups applied")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> results(outcomes, topUps, "APPLIED") == 4);
                assertThat(gateway.token(1).remainQuota()).isEqualTo(1_200);
                assertThat(gateway.token(2).remainQuota()).isEqualTo(1_200);
                assertThat(gateway.token(3).allowIps()).isNullOrEmpty();

                ReplayRun again = ReplayRun.of(brokers, events, deadLetters, "--type=billing.topup");
                assertThat(again.status()).isZero();
                await("the second replay answered as duplicates")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> results(outcomes, topUps, "DUPLICATE") == 4);
                assertThat(results(outcomes, topUps, "APPLIED")).isEqualTo(4);
                assertThat(gateway.token(1).remainQuota()).isEqualTo(1_200);
                assertThat(gateway.token(2).remainQuota()).isEqualTo(1_200);
                assertThat(results(outcomes, List.of(restriction), "APPLIED")).isZero();
            }
        }
    }

    @Test
    void wrongOptionsAreRefusedWithTheOptionNamed() {
        ReplayRun unknown = ReplayRun.of("localhost:1", "events", "events.DLT", "--sinse=PT1H");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown option --sinse");

        ReplayRun badTime = ReplayRun.of("localhost:1", "events", "events.DLT", "--since=yesterday");
        assertThat(badTime.status()).isEqualTo(2);
        assertThat(badTime.err()).contains("--since must be an instant");
    }

    private static long results(Outcomes outcomes, List<String> ids, String result) {
        return outcomes.all().stream()
                .filter(o -> ids.contains(o.path("event_id").asText()))
                .map(o -> o.path("result").asText())
                .filter(result::equals)
                .count();
    }

    private static List<ConsumerRecord<byte[], byte[]>> awaitDeadLetters(TopicReader parked, int count) {
        await(count + " dead letters")
                .atMost(Duration.ofSeconds(30))
                .until(() -> parked.all(r -> true).size() >= count);
        return parked.all(r -> true);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
