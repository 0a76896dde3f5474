package io.tokenpolicy.worker.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.emulator.UsageGenerator;
import io.tokenpolicy.worker.fixtures.JvmSample;
import io.tokenpolicy.worker.fixtures.KafkaServerProcess;
import io.tokenpolicy.worker.fixtures.LaneEvent;
import io.tokenpolicy.worker.fixtures.Producers;
import io.tokenpolicy.worker.fixtures.WorkerJvm;
import io.tokenpolicy.worker.fixtures.WorkerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The long run: one worker JVM under steady load (events of all ten types over 1,000 tokens, usage on the gateway, its
 * rate limit on) for a given time, sampled every minute: heap after a full GC, resident memory, threads, open
 * sockets, the ledger's size and the lag. It passes when, after the first five minutes, none of heap, resident
 * memory, threads and sockets grows (the second half's highest within 10% and a small margin of the first half's),
 * and the worker is done with every event soon after the load ends. The dedup window is short (5 minutes unless
 * told otherwise) so that the ledger holds a full window's ids within the first five minutes and must forget the
 * older ones after that: its records on the topic are reported, its ids in the heap are checked with the rest.
 */
final class SteadyLoad {

    private static final int TOKENS = 1_000;
    private static final int GATEWAY_LIMIT = 3_000;
    private static final Duration WINDOW = Duration.ofSeconds(3);
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration SETTLED = Duration.ofMinutes(5);

    private final Duration duration;
    private final int eventsPerSecond;
    private final Duration dedupWindow;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Minute> minutes = new ArrayList<>();

    SteadyLoad(Duration duration, int eventsPerSecond, Duration dedupWindow) {
        this.duration = duration;
        this.eventsPerSecond = eventsPerSecond;
        this.dedupWindow = dedupWindow;
    }

    /**
     * One minute's sample.
     *
     * @param minute        minutes since the load began
     * @param heapMb        heap after a full GC
     * @param rssMb         resident memory
     * @param threads       the worker's threads
     * @param sockets       its open sockets
     * @param ledgerRecords records on the ledger topic
     * @param ledgerKb      the ledger topic's log segments on disk
     * @param lag           records of the input topics not yet committed by the worker
     * @param published     events published so far
     */
    record Minute(
            int minute,
            long heapMb,
            long rssMb,
            int threads,
            int sockets,
            long ledgerRecords,
            long ledgerKb,
            long lag,
            long published) {}

    void runAndCheck() {
        Instant began = Instant.now();
        String usedAccess = "steady-used-" + UUID.randomUUID();
        String exactAccess = "steady-exact-" + UUID.randomUUID();
        String name = "steady-" + run;
        AtomicLong published = new AtomicLong();
        try (KafkaServerProcess broker = KafkaServerProcess.start(name, SoakSettings.PARTITIONS);
                TokenApiEmulator gateway = TokenApiEmulator.start(0)
                        .addUser(SoakUsers.USED_USER, usedAccess)
                        .addUser(SoakUsers.EXACT_USER, exactAccess)
                        .setRateLimit(GATEWAY_LIMIT, WINDOW);
                UsageGenerator usage =
                        gateway.startUsage(Duration.ofSeconds(1), 1, token -> token.userId() == SoakUsers.USED_USER);
                KafkaProducer<String, String> producer = Producers.strings(broker.brokers());
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.brokers()))) {
            List<String> inputs = List.of(WorkerSettings.eventsTopic(run), WorkerSettings.securityEventsTopic(run));
            broker.createTopics(inputs, SoakSettings.PARTITIONS);
            SoakUsers users = new SoakUsers(TOKENS, 1);
            for (long token = 1; token <= TOKENS; token++) {
                gateway.addToken(EmulatedToken.forUser(users.userOf(token))
                        .id(token)
                        .remainQuota(users.userOf(token) == SoakUsers.USED_USER ? 1_000_000_000L : 1_000_000L)
                        .build());
            }
            Map<String, Object> settings =
                    SoakSettings.of(run, broker.brokers(), gateway, usedAccess, exactAccess, GATEWAY_LIMIT, WINDOW);
            settings.put("token-policy.ledger.dedup-window", dedupWindow.toString());
            try (WorkerJvm worker = WorkerJvm.start(name, settings)) {
                SoakEvents events = new SoakEvents(new Random(), users);
                ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
                publisher.scheduleAtFixedRate(
                        () -> {
                            LaneEvent event = events.next();
                            producer.send(event.record(event.onSecurityTopic() ? inputs.get(1) : inputs.get(0)));
                            published.incrementAndGet();
                        },
                        0,
                        TimeUnit.SECONDS.toNanos(1) / eventsPerSecond,
                        TimeUnit.NANOSECONDS);
                long start = System.nanoTime();
                for (int minute = 1; minute <= duration.toMinutes(); minute++) {
                    long due = start + MINUTE.toNanos() * minute;
                    await("minute " + minute)
                            .atMost(MINUTE.plusMinutes(1))
                            .pollInterval(Duration.ofMillis(200))
                            .until(() -> System.nanoTime() >= due);
                    minutes.add(sample(minute, worker, admin, name, inputs, published.get()));
                    gateway.resetCounters();
                    System.out.println("steady load: " + minutes.get(minutes.size() - 1));
                }
                publisher.shutdownNow();
                producer.flush();
                await("the worker done with every event")
                        .atMost(Duration.ofMinutes(10))
                        .pollInterval(Duration.ofSeconds(2))
                        .ignoreExceptions()
                        .until(() -> ConsumerLag.of(admin, "worker-" + run, inputs) == 0);
                write(began, published.get(), Duration.between(began, Instant.now()));
                checkNothingGrows();
            }
        }
    }

    private Minute sample(int minute, WorkerJvm worker, Admin admin, String name, List<String> inputs, long sent) {
        JvmSample jvm = JvmSample.of(worker.pid());
        try {
            String ledger = WorkerSettings.ledgerTopic(run);
            long ledgerRecords = ConsumerLag.ends(admin, List.of(ledger)).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            return new Minute(
                    minute,
                    jvm.heapAfterGcMb(),
                    jvm.rssMb(),
                    jvm.threads(),
                    jvm.sockets(),
                    ledgerRecords,
                    logBytes(name, ledger) >> 10,
                    ConsumerLag.of(admin, "worker-" + run, inputs),
                    sent);
        } catch (Exception unanswered) {
            throw new IllegalStateException("cannot sample minute " + minute, unanswered);
        }
    }

    /** The bytes of the topic's log segments under the broker's log directory (its preallocated indexes left out). */
    private static long logBytes(String broker, String topic) {
        Path logs = Path.of("target", "kafka", broker, "logs");
        try (Stream<Path> files = Files.walk(logs)) {
            return files.filter(
                            file -> file.getParent().getFileName().toString().startsWith(topic + "-"))
                    .filter(file -> file.getFileName().toString().endsWith(".log"))
                    .mapToLong(file -> file.toFile().length())
                    .sum();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private void checkNothingGrows() {
        List<Minute> settled =
                minutes.stream().filter(m -> m.minute() >= SETTLED.toMinutes()).toList();
        assertThat(settled).as("samples after the first five minutes").hasSizeGreaterThanOrEqualTo(2);
        List<Minute> first = settled.subList(0, settled.size() / 2);
        List<Minute> second = settled.subList(settled.size() / 2, settled.size());
        assertNotGrown("heap after GC (MB)", first, second, Minute::heapMb, 8);
        assertNotGrown("resident memory (MB)", first, second, Minute::rssMb, 32);
        assertNotGrown("threads", first, second, Minute::threads, 4);
        assertNotGrown("sockets", first, second, Minute::sockets, 4);
    }

    private static void assertNotGrown(
            String what, List<Minute> first, List<Minute> second, ToLongFunction<Minute> value, long margin) {
        long before = first.stream().mapToLong(value).max().orElseThrow();
        long after = second.stream().mapToLong(value).max().orElseThrow();
        assertThat(after)
                .as("%s: highest of the second half after minute 5 against the first half's %d", what, before)
                .isLessThanOrEqualTo(before + Math.max(margin, before / 10));
    }

    private void write(Instant began, long sent, Duration took) {
        StringBuilder text = new StringBuilder(String.format(
                "run %s, began %s, took %s: %d events at %d/s over %s, 1 worker JVM (-Xmx256m)%n",
                run, began, took.withNanos(0), sent, eventsPerSecond, duration));
        text.append("minute,heap_after_gc_mb,rss_mb,threads,sockets,ledger_records,ledger_kb,lag,published\n");
        minutes.forEach(m -> text.append(String.format(
                "%d,%d,%d,%d,%d,%d,%d,%d,%d%n",
                m.minute(),
                m.heapMb(),
                m.rssMb(),
                m.threads(),
                m.sockets(),
                m.ledgerRecords(),
                m.ledgerKb(),
                m.lag(),
                m.published())));
        SoakOutput.write("steady-load.csv", text);
    }
}
