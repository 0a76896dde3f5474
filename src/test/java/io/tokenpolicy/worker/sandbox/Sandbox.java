package io.tokenpolicy.worker.sandbox;

import io.tokenpolicy.worker.TokenPolicyWorkerApplication;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * What the sandbox runs, in one JVM: a Kafka broker with the worker's topics, a gateway emulator seeded with the
 * demo tokens, the switch that makes that gateway fail for a while, and (unless left out) the worker wired to both.
 * {@link SandboxApplication} runs it for {@code ./mvnw spring-boot:test-run}; tests run the same thing.
 */
public final class Sandbox implements AutoCloseable {

    /** The sandbox's worker gives up on a call after this many attempts, so that a FAILED event shows at once. */
    static final int RETRY_ATTEMPTS = 3;

    private final SandboxKafkaBroker broker;
    private final TokenApiEmulator gateway;
    private final GatewayFaultSwitch faults;
    private final ConfigurableApplicationContext worker;

    private Sandbox(
            SandboxKafkaBroker broker,
            TokenApiEmulator gateway,
            GatewayFaultSwitch faults,
            ConfigurableApplicationContext worker) {
        this.broker = broker;
        this.gateway = gateway;
        this.faults = faults;
        this.worker = worker;
    }

    /** Starts the sandbox; {@code workerArgs} go to the worker as its command line. */
    public static Sandbox start(SandboxSettings settings, String... workerArgs) {
        SandboxKafkaBroker broker = SandboxKafkaBroker.start(settings.host(), settings.kafkaPort());
        broker.createTopics(
                Map.of("token-events", 6, "token-security-events", 6, "token-outcomes", 6, "token-events.DLT", 6));
        TokenApiEmulator gateway = TokenApiEmulator.start(settings.gatewayPort());
        SandboxDemo.seed(gateway);
        GatewayFaultSwitch faults = GatewayFaultSwitch.start(settings.host(), settings.faultsPort(), gateway);
        ConfigurableApplicationContext worker = settings.worker() ? startWorker(settings, workerArgs) : null;
        return new Sandbox(broker, gateway, faults, worker);
    }

    /**
     * The worker, wired to the sandbox's broker and gateway over {@code application.yml} and the environment (its
     * {@code localhost:9092} would be another broker when the sandbox's port is not 9092); its tuning is a default
     * that the environment may change.
     */
    private static ConfigurableApplicationContext startWorker(SandboxSettings settings, String[] args) {
        SpringApplication worker = new SpringApplication(TokenPolicyWorkerApplication.class);
        worker.setRegisterShutdownHook(false);
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "sandbox",
                        Map.of(
                                "spring.kafka.bootstrap-servers",
                                settings.bootstrapServers(),
                                "token-api.base-url",
                                settings.gatewayUrl(),
                                "token-api.user-id",
                                Long.toString(SandboxDemo.USER_ID),
                                "token-api.access-token",
                                SandboxDemo.ACCESS_TOKEN)));
        worker.setEnvironment(environment);
        worker.setDefaultProperties(Map.of(
                "token-policy.rate-limit.requests",
                "100",
                "token-policy.rate-limit.window",
                "1s",
                "token-policy.retry.max-attempts",
                Integer.toString(RETRY_ATTEMPTS)));
        return worker.run(args);
    }

    public TokenApiEmulator gateway() {
        return gateway;
    }

    /** The worker's application, or {@code null} when the sandbox runs without it. */
    public ConfigurableApplicationContext worker() {
        return worker;
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
        }
        faults.close();
        gateway.close();
        broker.close();
    }
}
