package io.tokenpolicy.worker.drift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.events.Json;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import io.tokenpolicy.worker.text.Printable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;

/**
 * A drift pass and what follows from it: each finding published to the drift topic (one record, keyed by token id as
 * the outcomes are, so a token's findings share a partition with its outcomes' partition number), counted by kind and
 * logged; with {@code enforce}, the security decisions it undoes sent again to the security lane ({@link Enforcement}),
 * whose outcome says the worker applied them. A pass counts as failed when a user's tokens could not all be read.
 */
public final class DriftWatch {

    private static final Logger log = LoggerFactory.getLogger(DriftWatch.class);

    private final DriftPass pass;
    private final Producer<byte[], byte[]> producer;
    private final String driftTopic;
    private final String securityTopic;
    private final boolean enforce;
    private final WorkerMetrics metrics;
    private final Clock clock;

    public DriftWatch(
            DriftPass pass,
            Producer<byte[], byte[]> producer,
            String driftTopic,
            String securityTopic,
            boolean enforce,
            WorkerMetrics metrics,
            Clock clock) {
        this.pass = pass;
        this.producer = producer;
        this.driftTopic = driftTopic;
        this.securityTopic = securityTopic;
        this.enforce = enforce;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A finding as published, with the event that enforces its decision again, if one was sent. */
    public record Published(Found found, String findingId, Optional<String> enforcedBy) {

        /** The finding in one line, as it is logged and printed. */
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "token %d of user %d: %s: %s decided %s, found %s%s%s",
                    found.token().tokenId(),
                    found.token().userId(),
                    found.finding().kind().tag(),
                    found.finding().field(),
                    Printable.of(String.valueOf(found.finding().decided()), 200),
                    Printable.of(String.valueOf(found.finding().found()), 200),
                    found.finding().difference() == 0
                            ? ""
                            : " (difference " + found.finding().difference() + ")",
                    enforcedBy.map(type -> "; enforced again by " + type).orElse(""));
        }
    }

    /** What a pass did. */
    public record Report(String passId, DriftPass.Result result, List<Published> published) {}

    /** Runs a pass and publishes what it found; a pass that throws (Kafka failed) is counted as failed too. */
    public Report run(Collection<ViewedToken> viewed) {
        try {
            return passAndPublish(viewed);
        } catch (RuntimeException failed) {
            metrics.driftPass(false);
            throw failed;
        }
    }

    private Report passAndPublish(Collection<ViewedToken> viewed) {
        String passId = UUID.randomUUID().toString();
        DriftPass.Result result = pass.run(viewed);
        Instant at = clock.instant();
        List<Published> published = new ArrayList<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < result.found().size(); i++) {
            Found found = result.found().get(i);
            String findingId = "drift-" + passId + "-" + i;
            Optional<ObjectNode> enforcement = enforce ? Enforcement.of(found, findingId, at) : Optional.empty();
            Optional<String> enforcedBy =
                    enforcement.map(event -> event.path("type").asText());
            enforcement.ifPresent(event -> sent.add(producer.send(record(securityTopic, found, event))));
            sent.add(producer.send(
                    record(driftTopic, found, FindingJson.of(found, findingId, passId, at, enforcedBy.orElse(null)))));
            published.add(new Published(found, findingId, enforcedBy));
        }
        producer.flush();
        awaitAll(sent);
        published.forEach(this::counted);
        result.failedUsers()
                .forEach((user, why) -> log.warn(
                        "drift pass {}: the tokens of user {} could not all be read: {}",
                        passId,
                        user,
                        Printable.of(why, 300)));
        metrics.driftPass(result.completed());
        return new Report(passId, result, published);
    }

    private void counted(Published published) {
        Found found = published.found();
        metrics.driftFinding(found.finding().kind().tag());
        published.enforcedBy().ifPresent(type -> metrics.driftEnforced());
        log.warn("drift: {}", published.describe());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, Found found, ObjectNode value) {
        return new ProducerRecord<>(
                topic, Long.toString(found.token().tokenId()).getBytes(StandardCharsets.UTF_8), Json.bytes(value));
    }

    private static void awaitAll(List<Future<RecordMetadata>> sent) {
        for (Future<RecordMetadata> future : sent) {
            try {
                future.get();
            } catch (ExecutionException failed) {
                throw new KafkaException("a drift finding could not be published", failed.getCause());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while publishing drift findings", interrupted);
            }
        }
    }
}
