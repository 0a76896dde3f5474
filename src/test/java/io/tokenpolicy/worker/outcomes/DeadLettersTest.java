package io.tokenpolicy.worker.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.apply.EventIdentity;
import io.tokenpolicy.worker.apply.Outcome;
import io.tokenpolicy.worker.events.ReadResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private final DeadLetters deadLetters = new DeadLetters(
            "token-events.DLT", Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC), 1024);

    @Test
    void recordWithinTheCapIsParkedAsItArrived() {
        ConsumerRecord<byte[], byte[]> record = record("42", "x".repeat(900));
        record.headers().add("trace", bytes("t-1"));

        ProducerRecord<byte[], byte[]> parked =
                deadLetters.parked(record, unreadable("value is not JSON"), DeadLetters.Cause.UNREADABLE);

        assertThat(parked.key()).isEqualTo(bytes("42"));
        assertThat(parked.value()).isEqualTo(record.value());
        assertThat(parked.headers().lastHeader("trace").value()).isEqualTo(bytes("t-1"));
        assertThat(parked.headers().lastHeader(DeadLetters.ORIGINAL_SIZE)).isNull();
    }

    @Test
    void recordOverTheCapIsParkedWithoutValueOrHeadersButWithItsSizeAndOffset() {
        ConsumerRecord<byte[], byte[]> record = record("42", "x".repeat(2000));
        record.headers().add("trace", bytes("t-1"));

        ProducerRecord<byte[], byte[]> parked =
                deadLetters.parked(record, unreadable("record is too large"), DeadLetters.Cause.UNREADABLE);

        assertThat(parked.key()).isEqualTo(bytes("42"));
        assertThat(parked.value()).isNull();
        assertThat(parked.headers().lastHeader("trace")).isNull();
        assertThat(parked.headers().lastHeader(DeadLetters.ORIGINAL_SIZE).value())
                .isEqualTo(bytes("2014"));
        assertThat(parked.headers().lastHeader(DeadLetters.ORIGINAL_OFFSET).value())
                .isEqualTo(bytes("17"));
    }

    @Test
    void hugeKeyOfAnOversizedRecordIsNotCopied() {
        ProducerRecord<byte[], byte[]> parked = deadLetters.parked(
                record("k".repeat(5000), "{}"), unreadable("too large"), DeadLetters.Cause.UNREADABLE);

        assertThat(parked.key()).isNull();
    }

    @Test
    void unreadableRecordsAttemptsAreThoseOfItsOutcome() {
        Outcome outcome = unreadable("value is not JSON");

        ProducerRecord<byte[], byte[]> parked =
                deadLetters.parked(record("42", "not json"), outcome, DeadLetters.Cause.UNREADABLE);

        assertThat(outcome.attempts()).isZero();
        assertThat(parked.headers().lastHeader(DeadLetters.ATTEMPTS).value()).isEqualTo(bytes("0"));
    }

    @Test
    void eventWhoseEarlierAttemptCannotBeToldIsParkedUntoldAndAGatewayRefusalRefused() {
        EventIdentity identity = new EventIdentity("/billing", "e-1", "billing.topup", 42L, 7L);
        Outcome untold = Outcome.rejected(
                identity,
                Outcome.CANNOT_TELL + "funded total (remain_quota + used_quota) is 1100, expected 1300 if it landed"
                        + " or 1000 if not",
                Instant.EPOCH,
                Instant.EPOCH);
        Outcome refused =
                Outcome.rejected(identity, Outcome.REFUSED_BY_GATEWAY + "HTTP 403", Instant.EPOCH, Instant.EPOCH);
        ReadResult read = new ReadResult.Readable(null);

        assertThat(DeadLetters.Cause.of(read, untold)).contains(DeadLetters.Cause.UNTOLD);
        assertThat(DeadLetters.Cause.of(read, refused)).contains(DeadLetters.Cause.REFUSED);
        assertThat(DeadLetters.Cause.UNTOLD.tag()).isEqualTo("untold");
    }

    private static Outcome unreadable(String reason) {
        return Outcome.rejected(new EventIdentity(null, null, null, 42L, null), reason, Instant.EPOCH, Instant.EPOCH);
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, String value) {
        return new ConsumerRecord<>("token-events", 0, 17L, bytes(key), bytes(value));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
