package io.tokenpolicy.worker.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Keeps the ledger's rewritten records (an intent told, kept or closed; a token's security facts; its policy view) in
 * the order they
 * were made. Each is stamped with a version as it is made, which is when it takes effect in memory. They are published
 * in the transaction of their batch's outcomes, and each input partition commits up to its own lowest unfinished
 * record: a batch of a token on the security topic can commit before an earlier batch of the same token on the events
 * topic, and the earlier batch's record of the same key would then be read back last, undoing the newer one (an
 * intent reopened after it was closed, a security hold lost). So a record is published only when no newer version of
 * its key is published, in the same transaction or before. Used by the polling thread, but for the stamps.
 */
public final class LedgerVersions {

    static final String HEADER = "ledger-version";

    private final AtomicLong made = new AtomicLong();
    private final Map<String, Long> published = new HashMap<>();

    /** The record, stamped as the newest version of its key. */
    ProducerRecord<byte[], byte[]> stamped(ProducerRecord<byte[], byte[]> record) {
        record.headers()
                .add(
                        HEADER,
                        ByteBuffer.allocate(Long.BYTES)
                                .putLong(made.incrementAndGet())
                                .array());
        return record;
    }

    /**
     * The records of one transaction, less the ledger records that a newer version of their key supersedes, in this
     * transaction or in one published before; the others pass as they are.
     */
    public List<ProducerRecord<byte[], byte[]>> latest(List<ProducerRecord<byte[], byte[]>> records) {
        List<Stamp> stamps = new ArrayList<>();
        Map<String, Long> newest = new HashMap<>();
        for (ProducerRecord<byte[], byte[]> record : records) {
            long version = version(record);
            if (version > 0) {
                Stamp stamp = new Stamp(record, key(record), version);
                stamps.add(stamp);
                newest.merge(stamp.key(), version, Math::max);
            }
        }
        if (stamps.isEmpty()) {
            return records;
        }
        Set<ProducerRecord<byte[], byte[]>> superseded = Collections.newSetFromMap(new IdentityHashMap<>());
        stamps.stream()
                .filter(stamp -> stamp.version() != newest.get(stamp.key())
                        || stamp.version() <= published.getOrDefault(stamp.key(), 0L))
                .forEach(stamp -> superseded.add(stamp.record()));
        newest.forEach((key, version) -> published.merge(key, version, Math::max));
        return superseded.isEmpty()
                ? records
                : records.stream()
                        .filter(record -> !superseded.contains(record))
                        .toList();
    }

    /** A rewritten ledger record with its key and version, each read once. */
    private record Stamp(ProducerRecord<byte[], byte[]> record, String key, long version) {}

    /** Forgets what no record still waiting can be older than: {@code oldest} is the oldest version still waiting. */
    public void forgetBefore(long oldest) {
        published.values().removeIf(version -> version < oldest);
    }

    /** The record's version; 0 when it is not a rewritten ledger record. */
    public static long version(ProducerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(HEADER);
        return header == null ? 0 : ByteBuffer.wrap(header.value()).getLong();
    }

    private static String key(ProducerRecord<byte[], byte[]> record) {
        return record.topic() + "/" + record.partition() + "/" + new String(record.key(), StandardCharsets.UTF_8);
    }
}
