package io.tokenpolicy.worker.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

class PartitionRuleTest {

    private static final int PARTITIONS = 6;
    private static final int MAX_RECORD_BYTES = 1024;

    private final PartitionRule rule = new PartitionRule(MAX_RECORD_BYTES);

    PartitionRuleTest() {
        rule.partitions(PARTITIONS);
    }

    @Test
    void aTokensOwnPartitionIsTheOneKafkasJavaProducerGivesItsKey() {
        LongStream.rangeClosed(1, 500).mapToObj(id -> bytes(Long.toString(id))).forEach(key -> assertThat(
                        PartitionRule.ownPartition(key, PARTITIONS))
                .isEqualTo(BuiltInPartitioner.partitionForKey(key, PARTITIONS)));
    }

    @Test
    void aRecordOnAnotherPartitionThanItsTokensIsSentToItsTokens() {
        int own = PartitionRule.ownPartition(bytes("42"), PARTITIONS);

        assertThat(rule.elsewhere(record((own + 1) % PARTITIONS, "42", 10))).isEqualTo(OptionalInt.of(own));
        assertThat(rule.elsewhere(record(own, "42", 10))).isEmpty();
    }

    @Test
    void recordsThatNameNoTokenOrAreOverTheCapAreDecidedWhereTheyAre() {
        int elsewhere = (PartitionRule.ownPartition(bytes("42"), PARTITIONS) + 1) % PARTITIONS;

        assertThat(rule.elsewhere(record(elsewhere, null, 10))).isEmpty();
        assertThat(rule.elsewhere(record(elsewhere, "042", 10))).isEmpty();
        assertThat(rule.elsewhere(record(elsewhere, "token-42", 10))).isEmpty();
        assertThat(rule.elsewhere(record(elsewhere, "42", MAX_RECORD_BYTES + 1)))
                .isEmpty();
    }

    @Test
    void aForwardedCopyKeepsTheRecordAndNamesWhereItWasFirstPublished() {
        ConsumerRecord<byte[], byte[]> original = record(4, "42", 10);
        ConsumerRecord<byte[], byte[]> copy =
                consumed(Forwarding.copy(original, 1).headers(), 1, 90);
        ConsumerRecord<byte[], byte[]> again = consumed(Forwarding.copy(copy, 2).headers(), 2, 7);

        assertThat(Forwarding.origin(original)).isEmpty();
        assertThat(Forwarding.origin(copy)).contains(new Forwarding.Origin(4, 17));
        assertThat(Forwarding.origin(again)).contains(new Forwarding.Origin(4, 17));
        assertThat(RecordSize.of(copy)).isEqualTo(RecordSize.of(original));
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, String key, int valueBytes) {
        return new ConsumerRecord<>(
                "token-events", partition, 17, key == null ? null : bytes(key), new byte[valueBytes]);
    }

    /** A copy as the consumer reads it back, at its place on the partition it was sent to. */
    private static ConsumerRecord<byte[], byte[]> consumed(Headers headers, int partition, long offset) {
        ConsumerRecord<byte[], byte[]> copy =
                new ConsumerRecord<>("token-events", partition, offset, bytes("42"), new byte[10]);
        headers.forEach(copy.headers()::add);
        return copy;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
