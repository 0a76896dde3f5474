package io.tokenpolicy.worker.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenpolicy.worker.commands.ReplayRun;
import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.Fault;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.emulator.UsageGenerator;
import io.tokenpolicy.worker.fixtures.JvmSample;
import io.tokenpolicy.worker.fixtures.KafkaServerProcess;
import io.tokenpolicy.worker.fixtures.LaneEvent;
import io.tokenpolicy.worker.fixtures.Outcomes;
import io.tokenpolicy.worker.fixtures.Producers;
import io.tokenpolicy.worker.fixtures.TopicReader;
import io.tokenpolicy.worker.fixtures.WorkerSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Issue 20's chaos run, at the scale of a {@link SoakPlan}: a worker group of JVMs on a Kafka broker of its own
 * process, against the gateway emulator with its rate limit on and usage running, takes events of all ten types
 * (duplicates among them) while workers are SIGKILLed and restarted and stopped and started, the broker is restarted,
 * the gateway is out (connections refused, then 502) and then fails a share of its calls. The dead letters are
 * replayed at the end. Then: one effect-bearing outcome per event and one outcome per record published, every token
 * as {@link ReferenceModel} says, the funded totals exact, no 429 after the first window, every heap within its limit,
 * nothing left to do.
 */
final class ChaosScenario {

    private static final int PARTITIONS = SoakSettings.PARTITIONS;
    private static final long SEEDED_QUOTA_USED = 1_000_000_000L;
    private static final long SEEDED_QUOTA_EXACT = 1_000_000L;

    private static final long HEAP_LIMIT = 256L << 20;

    private final SoakPlan plan;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);
    private final ReferenceModel model = new ReferenceModel();
    private final List<LaneEvent> published = new ArrayList<>();
    /** The event ids of the records the input topics hold, as read back: what the worker was given. */
    private final List<String> stored = new ArrayList<>();

    private final Set<String> lateIds = new HashSet<>();
    private final Map<Long, Long> fundedAtStart = new HashMap<>();
    /** Each token's records as read back from the input topics: where each lies, and its value. */
    private final Map<Long, List<String>> recordsOfToken = new HashMap<>();

    private final List<String> timeline = new ArrayList<>();
    private final List<JvmSample> heaps = new ArrayList<>();
    private final List<String> unsent = Collections.synchronizedList(new ArrayList<>());
    private Instant began;

    ChaosScenario(SoakPlan plan) {
        this.plan = plan;
    }

    /** Runs the plan and checks its end; the figures go to {@code target/soak/<name>.txt} either way. */
    void runAndCheck() {
        began = Instant.now();
        try {
            run();
        } catch (RuntimeException | AssertionError failed) {
            note("failed: " + failed.getMessage().lines().findFirst().orElse(""));
            writeTimeline();
            throw failed;
        }
    }

    /** What is known of a run that failed before its report: its timeline, next to where the report would be. */
    private void writeTimeline() {
        SoakOutput.write(plan.name() + "-timeline.txt", String.join("\n", timeline) + "\n");
    }

    private void run() {
        String access = "soak-used-" + UUID.randomUUID();
        String exactAccess = "soak-exact-" + UUID.randomUUID();
        try (KafkaServerProcess broker = KafkaServerProcess.start("soak-" + run, PARTITIONS);
                TokenApiEmulator gateway = TokenApiEmulator.start(0)
                        .addUser(SoakUsers.USED_USER, access)
                        .addUser(SoakUsers.EXACT_USER, exactAccess)
                        .setTimeoutHold(Duration.ofMillis(1_500))
                        .setRateLimit(plan.gatewayLimit(), plan.window());
                UsageGenerator usage =
                        gateway.startUsage(plan.usagePeriod(), 1, token -> token.userId() == SoakUsers.USED_USER);
                KafkaProducer<String, String> producer = Producers.strings(
                        broker.brokers(), Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000));
                Outcomes outcomes = new Outcomes(broker.brokers(), WorkerSettings.outcomesTopic(run));
                TopicReader deadLetters = new TopicReader(broker.brokers(), deadLetterTopic())) {
            broker.createTopics(List.of(eventsTopic(), securityTopic()), PARTITIONS);
            seed(gateway);
            Map<String, Object> settings = SoakSettings.of(
                    run, broker.brokers(), gateway, access, exactAccess, plan.gatewayLimit(), plan.window());
            Report report = new Report();
            try (WorkerGroup group = new WorkerGroup(run, plan.workers(), settings)) {
                group.startAll();
                awaitMembers(broker, plan.workers());
                note("group of " + plan.workers() + " formed");
                ScheduledExecutorService publisher = publish(producer);
                long tooManyAfterFirstWindow = disturb(broker, gateway, group);
                await("publishing done")
                        .atMost(plan.publishing().plusMinutes(2))
                        .until(() -> publisher.awaitTermination(1, TimeUnit.SECONDS));
                producer.flush();
                assertThat(unsent).as("records the producer could not publish").isEmpty();
                readBack(broker);
                note("published " + published.size() + " records, " + stored.size() + " on the input topics");
                int records = stored.size();
                outcomes.awaitAny("an outcome for each of " + records + " records", records, plan.drain());
                note("every record has an outcome");
                int parked = awaitParked(outcomes.all(), deadLetters);
                addLateTokens(gateway);
                ReplayRun replay = ReplayRun.of(broker.brokers(), eventsTopic(), deadLetterTopic());
                note("replay-dlt exited " + replay.status() + " after " + parked + " dead letters");
                outcomes.awaitAny("outcomes of the replayed", records + parked, plan.drain());
                awaitNothingLeft(broker);
                note("nothing left to do");
                heaps.addAll(group.sample());
                report.fill(outcomes.all(), parked, replay, gateway, group, tooManyAfterFirstWindow);
                report.write();
                report.writeTokensUnlikeTheModel(outcomes.all(), gateway, group, broker.brokers());
                checkEnd(
                        report,
                        outcomes.all(),
                        gateway,
                        group,
                        awaitParked(outcomes.all(), deadLetters),
                        parked,
                        replay);
            }
        }
    }

    private void seed(TokenApiEmulator gateway) {
        SoakUsers users = plan.users();
        for (long token = 1; token <= users.tokens(); token++) {
            long user = users.userOf(token);
            long quota = user == SoakUsers.USED_USER ? SEEDED_QUOTA_USED : SEEDED_QUOTA_EXACT;
            EmulatedToken stored = gateway.addToken(
                    EmulatedToken.forUser(user).id(token).remainQuota(quota).build());
            fundedAtStart.put(token, stored.fundedTotal());
            model.seed(token, quota);
        }
        for (long token = users.tokens() + 1; token <= users.tokens() + users.lateTokens(); token++) {
            model.seed(token, 0);
        }
    }

    /**
     * Reads the input topics back, each partition in offset order, into {@link #stored} and the model: the worker is
     * checked against the records Kafka holds, whatever the producer was told about the ones sent while the broker
     * restarted (the report shows both counts).
     */
    private void readBack(KafkaServerProcess broker) {
        for (String topic : List.of(eventsTopic(), securityTopic())) {
            long records;
            try (Admin admin = admin(broker)) {
                records = ConsumerLag.ends(admin, List.of(topic)).values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
            } catch (Exception unanswered) {
                throw new IllegalStateException("cannot tell the end of " + topic, unanswered);
            }
            try (TopicReader reader = new TopicReader(broker.brokers(), topic)) {
                await("the " + records + " records of " + topic)
                        .atMost(Duration.ofMinutes(2))
                        .until(() -> reader.all(record -> true).size() >= records);
                reader.all(record -> true).stream()
                        .sorted(Comparator.comparingInt((ConsumerRecord<byte[], byte[]> r) -> r.partition())
                                .thenComparingLong(ConsumerRecord::offset))
                        .forEach(record -> {
                            String event = new String(record.value(), StandardCharsets.UTF_8);
                            stored.add(ReferenceModel.idOf(event));
                            model.published(event);
                            recordsOfToken
                                    .computeIfAbsent(ReferenceModel.tokenOf(event), token -> new ArrayList<>())
                                    .add(record.topic() + "-" + record.partition() + "@" + record.offset() + " "
                                            + event);
                        });
            }
        }
    }

    /**
     * Every FAILED outcome's record and every one the gateway refused parked on the dead-letter topic (docs/events.md:
     * a REJECTED that the gateway did not refuse, such as a quota change the worker cannot tell landed, is not
     * parked): their count, once all are read.
     */
    private int awaitParked(List<JsonNode> outcomes, TopicReader deadLetters) {
        long parked = outcomes.stream()
                .filter(o -> o.path("result").asText().equals("FAILED")
                        || (o.path("result").asText().equals("REJECTED")
                                && o.path("reason").asText().startsWith("gateway refused")))
                .count();
        await("the " + parked + " dead letters")
                .atMost(Duration.ofSeconds(60))
                .until(() -> deadLetters.all(record -> true).size() >= parked);
        return deadLetters.all(record -> true).size();
    }

    private void addLateTokens(TokenApiEmulator gateway) {
        SoakUsers users = plan.users();
        for (long token = users.tokens() + 1; token <= users.tokens() + users.lateTokens(); token++) {
            EmulatedToken stored = gateway.addToken(EmulatedToken.forUser(users.lateUser())
                    .id(token)
                    .remainQuota(0)
                    .build());
            fundedAtStart.put(token, stored.fundedTotal());
        }
    }

    /** Publishes the plan's records evenly over its publishing time, on a thread of their own. */
    private ScheduledExecutorService publish(KafkaProducer<String, String> producer) {
        SoakEvents events = new SoakEvents(random, plan.users());
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        int records = (int) Math.round(plan.events() * (1 + plan.duplicateShare()));
        long period = plan.publishing().toNanos() / records;
        int[] distinct = {0};
        publisher.scheduleAtFixedRate(
                () -> {
                    LaneEvent event;
                    if (distinct[0] >= plan.events()) {
                        publisher.shutdown();
                        return;
                    } else if (!published.isEmpty() && random.nextDouble() < plan.duplicateShare()) {
                        event = published.get(random.nextInt(published.size()));
                    } else if (random.nextDouble() < plan.lateShare()) {
                        event = events.topUpOfLateToken();
                        lateIds.add(event.id());
                        distinct[0]++;
                    } else {
                        event = events.next();
                        distinct[0]++;
                    }
                    synchronized (published) {
                        published.add(event);
                    }
                    producer.send(
                            event.record(event.onSecurityTopic() ? securityTopic() : eventsTopic()), (sent, failed) -> {
                                if (failed != null) {
                                    unsent.add(event.id() + ": " + failed);
                                }
                            });
                },
                0,
                period,
                TimeUnit.NANOSECONDS);
        return publisher;
    }

    /**
     * Over the publishing time: workers stopped and started, SIGKILLs at random moments, the gateway's outage and
     * then its faults, the broker's restart. Returns the 429s the gateway answered in the first window, which the
     * end compares with all it answered.
     */
    private long disturb(KafkaServerProcess broker, TokenApiEmulator gateway, WorkerGroup group) {
        long start = System.nanoTime();
        TreeMap<Long, Runnable> steps = new TreeMap<>();
        long[] tooManyInFirstWindow = {0};
        Duration publishing = plan.publishing();
        at(steps, plan.window(), () -> tooManyInFirstWindow[0] = gateway.tooManyRequestsAnswered());
        at(steps, share(publishing, 0.15), () -> step("worker 2 stopped", () -> group.stop(2 % plan.workers())));
        at(steps, share(publishing, 0.35), () -> step("worker 2 started", () -> group.start(2 % plan.workers())));
        Duration outageBegins = share(publishing, 0.25);
        at(steps, outageBegins, () -> step("gateway refuses connections", gateway::refuseConnections));
        at(
                steps,
                outageBegins.plus(plan.outage().dividedBy(2)),
                () -> step(
                        "gateway answers 502", () -> gateway.acceptConnections().setDown(true)));
        at(
                steps,
                outageBegins.plus(plan.outage()),
                () -> step(
                        "gateway back, failing " + Math.round(plan.faultRate() * 100) + "% of calls",
                        () -> gateway.setDown(false)
                                .setFaultRate(
                                        plan.faultRate(),
                                        Fault.HTTP_500,
                                        Fault.HTTP_502,
                                        Fault.HTTP_503,
                                        Fault.TIMEOUT,
                                        Fault.DROP_CONNECTION)));
        Duration brokerStops = share(publishing, 0.55);
        at(steps, brokerStops, () -> step("broker stopped", broker::stop));
        at(steps, brokerStops.plus(plan.brokerDown()), () -> step("broker started", broker::start));
        at(steps, share(publishing, 0.7), () -> step("worker 1 stopped", () -> group.stop(1 % plan.workers())));
        at(steps, share(publishing, 0.85), () -> step("worker 1 started", () -> group.start(1 % plan.workers())));
        for (int kill = 0; kill < plan.kills(); kill++) {
            at(
                    steps,
                    share(publishing, 0.05 + 0.95 * random.nextDouble()),
                    () -> step("SIGKILL and restart", () -> group.killOneAndRestart(random)));
        }
        steps.forEach((due, step) -> {
            await("step at " + Duration.ofNanos(due))
                    .atMost(publishing.plusMinutes(2))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> System.nanoTime() - start >= due);
            step.run();
        });
        return tooManyInFirstWindow[0];
    }

    private static void at(TreeMap<Long, Runnable> steps, Duration offset, Runnable step) {
        long due = offset.toNanos();
        while (steps.containsKey(due)) {
            due++;
        }
        steps.put(due, step);
    }

    private static Duration share(Duration whole, double share) {
        return Duration.ofNanos(Math.round(whole.toNanos() * share));
    }

    private void step(String what, Runnable action) {
        action.run();
        note(what);
    }

    private synchronized void note(String what) {
        String line = String.format(
                "%7.1f s  %s", Duration.between(began, Instant.now()).toMillis() / 1000.0, what);
        timeline.add(line);
        System.out.println("soak " + plan.name() + ": " + line);
    }

    private void awaitMembers(KafkaServerProcess broker, int members) {
        try (Admin admin = admin(broker)) {
            await("the group's " + members + " members")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> admin.describeConsumerGroups(List.of(group()))
                                    .all()
                                    .get()
                                    .get(group())
                                    .members()
                                    .size()
                            == members);
        }
    }

    /** The group's committed offsets reach the end of both input topics and stay there. */
    private void awaitNothingLeft(KafkaServerProcess broker) {
        try (Admin admin = admin(broker)) {
            await("the group's lag at 0")
                    .atMost(plan.drain())
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .until(() -> ConsumerLag.of(admin, group(), List.of(eventsTopic(), securityTopic())) == 0);
        }
    }

    private static Admin admin(KafkaServerProcess broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.brokers()));
    }

    private void checkEnd(
            Report report,
            List<JsonNode> outcomes,
            TokenApiEmulator gateway,
            WorkerGroup group,
            int deadLettersAtEnd,
            int parked,
            ReplayRun replay) {
        assertThat(replay.status())
                .as("replay-dlt's exit status: %s", replay.err())
                .isZero();
        assertThat(outcomes)
                .as("one outcome per record on the input topics or replayed")
                .hasSize(stored.size() + parked);
        Map<String, List<String>> resultsById = outcomes.stream()
                .collect(Collectors.groupingBy(
                        o -> o.path("event_id").asText(),
                        Collectors.mapping(o -> o.path("result").asText(), Collectors.toList())));
        Set<String> ids = Set.copyOf(stored);
        assertThat(resultsById.keySet()).as("the events with outcomes").isEqualTo(ids);
        resultsById.forEach((id, results) -> {
            assertThat(results.stream().filter(r -> r.equals("APPLIED") || r.equals("NO_CHANGE")))
                    .as("effect-bearing outcomes of %s: %s", id, results)
                    .hasSize(1);
            assertThat(results)
                    .as("outcomes of %s", id)
                    .allMatch(r -> List.of("APPLIED", "NO_CHANGE", "DUPLICATE", "FAILED")
                                    .contains(r)
                            || (r.equals("REJECTED") && lateIds.contains(id)));
        });
        assertThat(report.mismatches).as("tokens unlike the reference model").isEmpty();
        assertThat(gateway.tooManyRequestsAnswered() - report.tooManyInFirstWindow)
                .as("429s after the first window")
                .isZero();
        assertThat(heaps).as("heap samples").isNotEmpty().allSatisfy(sample -> assertThat(sample.heapAfterGcBytes())
                .isLessThan(HEAP_LIMIT));
        assertThat(group.output()).doesNotContain("OutOfMemoryError");
        assertThat(deadLettersAtEnd)
                .as("dead letters after the replay: none new")
                .isEqualTo(parked);
    }

    private String eventsTopic() {
        return WorkerSettings.eventsTopic(run);
    }

    private String securityTopic() {
        return WorkerSettings.securityEventsTopic(run);
    }

    private String deadLetterTopic() {
        return eventsTopic() + ".DLT";
    }

    private String group() {
        return "worker-" + run;
    }

    /** The run's figures, and every token that ended otherwise than the model says. */
    private final class Report {
        private final List<String> mismatches = new ArrayList<>();
        private final Map<Long, String> tokensUnlikeTheModel = new TreeMap<>();
        private final StringBuilder text = new StringBuilder();
        private long tooManyInFirstWindow;

        void fill(
                List<JsonNode> outcomes,
                int parked,
                ReplayRun replay,
                TokenApiEmulator gateway,
                WorkerGroup group,
                long tooManyInFirstWindow) {
            this.tooManyInFirstWindow = tooManyInFirstWindow;
            compareTokens(gateway);
            Map<String, Long> results = new TreeMap<>(outcomes.stream()
                    .collect(Collectors.groupingBy(o -> o.path("result").asText(), Collectors.counting())));
            Map<String, Long> types = new TreeMap<>(
                    published.stream()
                            .collect(Collectors.toMap(LaneEvent::id, LaneEvent::type, (a, b) -> a))
                            .values()
                            .stream()
                            .collect(Collectors.groupingBy(type -> type, Collectors.counting())));
            long distinct = published.stream().map(LaneEvent::id).distinct().count();
            long distinctStored = stored.stream().distinct().count();
            line("run %s (%s), seed %d, began %s, took %s", run, plan.name(), seed, began, took());
            line("plan: %s", plan);
            line(
                    "events: %d distinct, %d records (%d duplicates), %d for late tokens; by type %s",
                    distinct, published.size(), published.size() - distinct, lateIds.size(), types);
            line(
                    "input topics: %d records of %d distinct events (the producer was told %d records landed)",
                    stored.size(), distinctStored, published.size());
            line(
                    "workers: %d JVMs, %d SIGKILLs (each restarted), %d graceful stops, %d starts",
                    plan.workers(), group.kills(), group.stops(), group.starts());
            line(
                    "outcomes: %d, by result %s; parked %d, replayed: %s",
                    outcomes.size(), results, parked, lastLine(replay.out()));
            line(
                    "gateway: %d 429s in all, %d in the first window",
                    gateway.tooManyRequestsAnswered(), tooManyInFirstWindow);
            line(
                    "live heap after a full GC (MB): %s",
                    heaps.stream().map(JvmSample::heapAfterGcMb).toList());
            line(
                    "max RSS (MB): %d",
                    heaps.stream().mapToLong(JvmSample::rssMb).max().orElse(0));
            outcomes.stream()
                    .filter(o -> o.path("result").asText().equals("REJECTED")
                            && !lateIds.contains(o.path("event_id").asText()))
                    .forEach(o -> line(
                            "REJECTED %s %s of token %s: %s",
                            o.path("event_id").asText(),
                            o.path("event_type").asText(),
                            o.path("token_id").asText(),
                            o.path("reason").asText()));
            line("tokens unlike the model: %d of %d", mismatches.size(), fundedAtStart.size());
            mismatches.stream().limit(20).forEach(mismatch -> line("  %s", mismatch));
            line("timeline:");
            timeline.forEach(step -> line("  %s", step));
        }

        private String took() {
            return Duration.between(began, Instant.now()).withNanos(0).toString();
        }

        private void compareTokens(TokenApiEmulator gateway) {
            fundedAtStart.keySet().stream().sorted(Comparator.naturalOrder()).forEach(id -> {
                EmulatedToken token = gateway.token(id);
                ReferenceModel.Expected expected = model.expected(id);
                List<String> differ = new ArrayList<>();
                compare(differ, "status", token.status(), expected.status());
                compare(differ, "allow_ips", lines(token.allowIps()), expected.allowIps());
                compare(differ, "models", models(token), expected.models());
                compare(differ, "group", token.group(), expected.group());
                compare(differ, "unlimited_quota", token.unlimitedQuota(), expected.unlimitedQuota());
                compare(differ, "expired_time", token.expiredTime(), expected.expiredTime());
                if (token.userId() == SoakUsers.USED_USER) {
                    compare(
                            differ,
                            "funded total",
                            token.fundedTotal(),
                            fundedAtStart.get(id) + expected.quotaChange());
                } else {
                    compare(differ, "remain_quota", token.remainQuota(), expected.remainQuota());
                }
                if (!differ.isEmpty()) {
                    mismatches.add("token " + id + ": " + String.join("; ", differ));
                    tokensUnlikeTheModel.put(
                            id,
                            "remain_quota " + token.remainQuota() + ", used_quota " + token.usedQuota() + ", unlimited "
                                    + token.unlimitedQuota() + ", model " + expected);
                }
            });
        }

        private static void compare(List<String> differ, String field, Object actual, Object expected) {
            if (!java.util.Objects.equals(actual, expected)) {
                differ.add(field + " " + actual + ", model " + expected);
            }
        }

        private static Set<String> lines(String allowIps) {
            if (allowIps == null || allowIps.isBlank()) {
                return null;
            }
            return allowIps.lines()
                    .map(String::trim)
                    .filter(line -> !line.isEmpty())
                    .collect(Collectors.toSet());
        }

        private static Set<String> models(EmulatedToken token) {
            if (!token.modelLimitsEnabled()) {
                return null;
            }
            String list = token.modelLimits().replaceAll("[\\[\\]\"]", "");
            return java.util.Arrays.stream(list.split(","))
                    .map(String::trim)
                    .filter(model -> !model.isEmpty())
                    .collect(Collectors.toSet());
        }

        private static String lastLine(String out) {
            List<String> lines = out.lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        private void line(String format, Object... values) {
            text.append(String.format(format, values)).append('\n');
        }

        void write() {
            SoakOutput.write(plan.name() + ".txt", text);
        }

        /**
         * For each token unlike the model: its records in each partition's order, its outcomes as read, the gateway's
         * history of its writes in time order, its records on the worker's ledger as the ledger holds them now, and
         * the lines of the workers' logs that name it (each begins with its time).
         */
        void writeTokensUnlikeTheModel(
                List<JsonNode> outcomes, TokenApiEmulator gateway, WorkerGroup group, String brokers) {
            StringBuilder trace = new StringBuilder();
            String ledgerTopic = WorkerSettings.ledgerTopic(run);
            Map<Long, List<String>> ledger = tokensUnlikeTheModel.isEmpty()
                    ? Map.of()
                    : LedgerOfTokens.read(brokers, ledgerTopic, tokensUnlikeTheModel.keySet());
            List<String> log = tokensUnlikeTheModel.isEmpty()
                    ? List.of()
                    : group.output().lines().toList();
            tokensUnlikeTheModel.forEach((id, end) -> {
                trace.append("token ").append(id).append(", funded at start ").append(fundedAtStart.get(id));
                trace.append(", at the end ").append(end);
                trace.append("\n  records:\n");
                recordsOfToken
                        .getOrDefault(id, List.of())
                        .forEach(record -> trace.append("    ").append(record).append('\n'));
                trace.append("  outcomes:\n");
                outcomes.stream()
                        .filter(o -> o.path("token_id").asLong() == id)
                        .forEach(o -> trace.append("    ").append(o).append('\n'));
                trace.append("  gateway writes, in the order they took effect or were turned away:\n");
                gateway.writesOf(id)
                        .forEach(write ->
                                trace.append("    ").append(write.line()).append('\n'));
                trace.append("  ledger records (").append(ledgerTopic).append(", read_committed, at the end):\n");
                ledger.getOrDefault(id, List.of())
                        .forEach(record -> trace.append("    ").append(record).append('\n'));
                trace.append("  worker log lines naming token ").append(id).append(", by their timestamps:\n");
                Pattern named = Pattern.compile("\\btoken " + id + "(?!\\d)");
                log.stream().filter(line -> named.matcher(line).find()).sorted().forEach(line -> trace.append("    ")
                        .append(line)
                        .append('\n'));
            });
            SoakOutput.write(plan.name() + "-tokens.txt", trace);
        }
    }
}
