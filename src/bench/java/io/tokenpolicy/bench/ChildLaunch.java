package io.tokenpolicy.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of each implementation for one run. Every JVM gets {@code bench.jvm}. The
 * worker gets the settings a deployment would give it (Spring Boot properties) plus
 * {@code bench.worker.args}; the baselines get the same broker, topics, group and gateway, with
 * concurrency = partitions for the plain listener and the worker's 64 calls in flight for
 * Parallel Consumer.
 */
final class ChildLaunch {

    static final int MAX_IN_FLIGHT = 64;

    private final BenchSettings settings;
    private final Classpaths classpaths;
    private final String bootstrapServers;

    ChildLaunch(BenchSettings settings, Classpaths classpaths, String bootstrapServers) {
        this.settings = settings;
        this.classpaths = classpaths;
        this.bootstrapServers = bootstrapServers;
    }

    ChildJvm start(
            Implementation implementation, RunTopics topics, int gatewayRateLimit, String gatewayUrl, String name) {
        List<String> jvmOptions = new ArrayList<>(settings.jvmOptions());
        jvmOptions.addAll(
                implementation == Implementation.PC || implementation == Implementation.RELAY
                        ? List.of("-Dlogback.configurationFile=" + BenchLogging.baselineConfig(settings.results()))
                        : settings.workerJvmOptions());
        return ChildJvm.start(
                classpaths.of(implementation),
                jvmOptions,
                implementation.mainClass(),
                args(implementation, topics, gatewayRateLimit, gatewayUrl),
                settings.results().resolve("logs"),
                name);
    }

    private List<String> args(
            Implementation implementation, RunTopics topics, int gatewayRateLimit, String gatewayUrl) {
        if (implementation.isWorker()) {
            return workerArgs(topics, gatewayRateLimit, gatewayUrl);
        }
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-servers=" + bootstrapServers,
                "--events-topic=" + topics.events(),
                "--outcomes-topic=" + topics.outcomes(),
                "--group-id=" + topics.group(),
                "--gateway=" + gatewayUrl,
                "--user-id=" + BenchGateway.USER_ID,
                "--access-token=" + BenchGateway.ACCESS_TOKEN));
        switch (implementation) {
            case PLAIN -> args.add("--concurrency=" + topics.partitions());
            case PC -> args.add("--concurrency=" + MAX_IN_FLIGHT);
            default -> args.add("--transactional=" + settings.relayTransactional());
        }
        return args;
    }

    /** The worker is configured to the gateway's limit, as its operators would; without one, to no limit to speak of. */
    private List<String> workerArgs(RunTopics topics, int gatewayRateLimit, String gatewayUrl) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--server.port=0",
                "--spring.kafka.consumer.group-id=" + topics.group(),
                "--token-api.base-url=" + gatewayUrl,
                "--token-api.user-id=" + BenchGateway.USER_ID,
                "--token-api.access-token=" + BenchGateway.ACCESS_TOKEN,
                "--token-policy.topics.events=" + topics.events(),
                "--token-policy.topics.security-events=" + topics.securityEvents(),
                "--token-policy.topics.outcomes=" + topics.outcomes(),
                "--token-policy.topics.dead-letter=" + topics.deadLetter(),
                "--token-policy.topics.ledger=" + topics.prefix() + "-ledger",
                "--token-policy.rate-limit.requests=" + (gatewayRateLimit > 0 ? gatewayRateLimit : 1_000_000),
                "--token-policy.rate-limit.window=1s"));
        args.addAll(settings.workerArgs());
        return args;
    }
}
