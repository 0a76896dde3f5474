package io.tokenpolicy.worker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tokenpolicy.worker.config.InputProperties;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The most expensive records to read that fit under the default size cap, structured and binary:
 * each is decided (read, or refused with a reason), and its CPU time is printed. The budget is
 * 50 ms of CPU per record; the bound asserted here is ten times that, so that a loaded machine
 * does not fail it while a quadratic path still does. The list cap is at its maximum, as an
 * operator may set it.
 */
class WorstCaseRecordsTest {

    private static final int CAP = 65_536;
    private static final int FILL = CAP - 1_000;
    private static final Duration GENEROUS_BOUND = Duration.ofMillis(500);
    private static final String DATA = "{\"token_id\":42,\"amount\":5}";
    private static final Class<ReadResult.Unreadable> UNREADABLE = ReadResult.Unreadable.class;
    private static final Class<ReadResult.Invalid> INVALID = ReadResult.Invalid.class;
    private static final Class<ReadResult.Readable> READABLE = ReadResult.Readable.class;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final TokenEventReader reader = new TokenEventReader(new InputProperties(CAP, 8, 10_000), Optional.of(1L));

    static Stream<Arguments> worstRecords() {
        return Stream.of(
                worst(
                        "datacontenttype of semicolons ending in LF",
                        structured("\"datacontenttype\":\"application/json" + ";".repeat(FILL) + "\\n\","),
                        UNREADABLE),
                worst(
                        "datacontenttype of parameters ending in U+2028",
                        structured("\"datacontenttype\":\"application/json;" + "a;".repeat(FILL / 2) + "\\u2028\","),
                        UNREADABLE),
                worst(
                        "datacontenttype of semicolons, shape the SDK reads",
                        structured("\"traceparent\":\"00-1\"," + "\"datacontenttype\":\"application/json"
                                + ";".repeat(FILL) + "\\n\","),
                        UNREADABLE),
                worst(
                        "datacontenttype of valid empty parameters",
                        structured("\"datacontenttype\":\"application/json" + ";".repeat(FILL) + "\","),
                        UNREADABLE),
                worst(
                        "binary content-type of semicolons ending in LF",
                        header(binary(DATA), "content-type", "application/json" + ";".repeat(FILL) + "\n"),
                        UNREADABLE),
                worst(
                        "binary ce_datacontenttype of semicolons ending in LF",
                        header(binary(DATA), "ce_datacontenttype", "application/json" + ";".repeat(FILL) + "\n"),
                        UNREADABLE),
                worst(
                        "structured content-type header of semicolons",
                        header(record(event("")), "content-type", "application/json" + ";".repeat(FILL) + "\n"),
                        UNREADABLE),
                worst("id of 64 KB", record(event("").replace("evt-1", "i".repeat(FILL))), INVALID),
                worst("source of 64 KB", record(event("").replace("/billing", "/" + "s".repeat(FILL))), INVALID),
                worst(
                        "time with a 64 KB fraction",
                        structured("\"time\":\"2026-01-01T00:00:00." + "1".repeat(FILL) + "Z\","),
                        UNREADABLE),
                worst("binary subject of 64 KB", header(binary(DATA), "ce_subject", "s".repeat(FILL)), INVALID),
                worst("4,000 extension headers", manyHeaders(binary(DATA), "ce_x", 4_000), READABLE),
                worst("5,000 other headers", manyHeaders(binary(DATA), "h", 5_000), READABLE),
                worst(
                        "3,000 extension attributes",
                        structured(IntStream.range(0, 3_000)
                                .mapToObj(i -> "\"x" + i + "\":\"v\",")
                                .collect(Collectors.joining())),
                        READABLE),
                worst(
                        "2,000 data fields with colliding hashes",
                        record(event(IntStream.range(0, 2_000)
                                .mapToObj(WorstCaseRecordsTest::collidingName)
                                .map(name -> ",\"" + name + "\":1")
                                .collect(Collectors.joining()))),
                        INVALID),
                worst(
                        "500 numbers of 100 digits",
                        record(event(IntStream.range(0, 500)
                                .mapToObj(i -> ",\"n" + i + "\":" + "9".repeat(100))
                                .collect(Collectors.joining()))),
                        INVALID),
                worst(
                        "256 nested IPv6 blocks",
                        record(ipRestriction(IntStream.range(0, 256)
                                .mapToObj(i -> "\"2001:db8::/" + (32 + i % 96) + "\"")
                                .collect(Collectors.joining(",")))),
                        READABLE),
                worst(
                        "6,000 IPv6 addresses, list cap at its maximum",
                        record(ipRestriction(IntStream.range(0, 6_000)
                                .mapToObj(i -> "\"1::" + Integer.toHexString(i) + "\"")
                                .collect(Collectors.joining(",")))),
                        READABLE),
                worst(
                        "arrays nested to the cap, many times",
                        record(event(",\"pad\":["
                                + Stream.generate(() -> "[[[[[]]]]]")
                                        .limit(5_000)
                                        .collect(Collectors.joining(",")) + "]")),
                        INVALID),
                worst(
                        "key of 64 KB",
                        new ConsumerRecord<>("token-events", 0, 0L, bytes("k".repeat(FILL)), bytes(event(""))),
                        INVALID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("worstRecords")
    void recordWithinTheSizeCapIsDecidedQuickly(
            String name, ConsumerRecord<byte[], byte[]> record, Class<? extends ReadResult> decision) {
        assertThat(RecordSize.of(record)).isLessThanOrEqualTo(CAP);

        Decided decided = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> decide(record));

        System.out.printf(
                "%-55s %-10s %6.1f ms CPU%n",
                name, decided.result().getClass().getSimpleName(), decided.cpu().toNanos() / 1e6);
        assertThat(decided.result()).isInstanceOf(decision);
        assertThat(decided.cpu()).isLessThan(GENEROUS_BOUND);
    }

    private Decided decide(ConsumerRecord<byte[], byte[]> record) {
        reader.read(record);
        long start = THREADS.getCurrentThreadCpuTime();
        ReadResult result = reader.read(record);
        return new Decided(result, Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - start));
    }

    private record Decided(ReadResult result, Duration cpu) {}

    private static Arguments worst(
            String name, ConsumerRecord<byte[], byte[]> record, Class<? extends ReadResult> decision) {
        return Arguments.of(name, record, decision);
    }

    /** "Aa" and "BB" share a hash code, so every name made of them collides with every other of its length. */
    private static String collidingName(int index) {
        StringBuilder name = new StringBuilder();
        for (int bit = 0; bit < 13; bit++) {
            name.append((index >> bit & 1) == 0 ? "Aa" : "BB");
        }
        return name.toString();
    }

    /** A top-up with {@code attributes} put in front of its own. */
    private static ConsumerRecord<byte[], byte[]> structured(String attributes) {
        return record("{" + attributes + event("").substring(1));
    }

    /** A top-up whose data has {@code moreData} after its own fields. */
    private static String event(String moreData) {
        return "{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"source\":\"/billing\",\"type\":\"billing.topup\",\"data\":"
                + DATA.replace("}", moreData + "}") + "}";
    }

    private static String ipRestriction(String entries) {
        return "{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"source\":\"/sec\",\"type\":\"security.ip_restriction\","
                + "\"data\":{\"token_id\":42,\"allow_ips\":[" + entries + "]}}";
    }

    private static ConsumerRecord<byte[], byte[]> record(String value) {
        return new ConsumerRecord<>("token-events", 0, 0L, bytes("42"), bytes(value));
    }

    private static ConsumerRecord<byte[], byte[]> binary(String data) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("token-events", 0, 0L, bytes("42"), bytes(data));
        record.headers()
                .add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes("evt-1"))
                .add("ce_type", bytes("billing.topup"))
                .add("ce_source", bytes("/billing"));
        return record;
    }

    private static ConsumerRecord<byte[], byte[]> header(
            ConsumerRecord<byte[], byte[]> record, String name, String value) {
        record.headers().add(name, bytes(value));
        return record;
    }

    private static ConsumerRecord<byte[], byte[]> manyHeaders(
            ConsumerRecord<byte[], byte[]> record, String prefix, int count) {
        IntStream.range(0, count).forEach(i -> record.headers().add(prefix + i, bytes("v")));
        return record;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
