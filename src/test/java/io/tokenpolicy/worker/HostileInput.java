package io.tokenpolicy.worker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * One entry of the catalogue of bad input: how to build the record for a token, whether the
 * worker must also park it on the dead-letter topic, and what its reason must say.
 */
record HostileInput(String name, Maker maker, boolean parked, String reason) {

    @Override
    public String toString() {
        return name;
    }

    /** Builds the bad record for a token and an event id. */
    @FunctionalInterface
    interface Maker {
        Bad make(long tokenId, String eventId);
    }

    /** A record as it goes on the wire: key, value and headers, each as raw bytes. */
    record Bad(byte[] key, byte[] value, List<RecordHeader> headers) {

        static Bad keyed(long tokenId, String value) {
            return new Bad(utf8(Long.toString(tokenId)), value == null ? null : utf8(value), List.of());
        }

        static Bad keyed(long tokenId, byte[] value) {
            return new Bad(utf8(Long.toString(tokenId)), value, List.of());
        }

        Bad key(String key) {
            return new Bad(key == null ? null : utf8(key), value, headers);
        }

        Bad header(String name, String value) {
            return header(name, value == null ? null : utf8(value));
        }

        Bad header(String name, byte[] value) {
            List<RecordHeader> more = new ArrayList<>(headers);
            more.add(new RecordHeader(name, value));
            return new Bad(key, this.value, more);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
