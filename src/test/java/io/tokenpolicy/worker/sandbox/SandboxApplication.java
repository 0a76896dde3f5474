package io.tokenpolicy.worker.sandbox;

import io.tokenpolicy.worker.TokenPolicyWorkerApplication;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandbox behind {@code ./mvnw spring-boot:test-run}: a Kafka broker, a gateway emulator
 * seeded with demo tokens, and the worker wired to both, so that anyone can send events
 * with any Kafka client. {@code SANDBOX_WORKER=false} leaves the worker out, so that the
 * jar can be run, killed and restarted against the sandbox as a separate process.
 */
public final class SandboxApplication {

    private SandboxApplication() {}

    public static void main(String[] args) throws InterruptedException {
        SandboxSettings settings = SandboxSettings.fromEnvironment(System.getenv());
        SandboxKafkaBroker broker = SandboxKafkaBroker.start(settings.host(), settings.kafkaPort());
        broker.createTopics(
                Map.of("token-events", 6, "token-security-events", 6, "token-outcomes", 6, "token-events.DLT", 6));
        TokenApiEmulator gateway = TokenApiEmulator.start(settings.gatewayPort());
        SandboxDemo.seed(gateway);
        ConfigurableApplicationContext worker = settings.worker() ? startWorker(settings, args) : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (worker != null) {
                                worker.close();
                            }
                            gateway.close();
                            broker.close();
                            stopped.countDown();
                        },
                        "sandbox-shutdown"));
        System.out.println(SandboxDemo.banner(settings));
        stopped.await();
    }

    private static ConfigurableApplicationContext startWorker(SandboxSettings settings, String[] args) {
        SpringApplication worker = new SpringApplication(TokenPolicyWorkerApplication.class);
        worker.setRegisterShutdownHook(false);
        worker.setDefaultProperties(Map.of(
                "spring.kafka.bootstrap-servers",
                settings.bootstrapServers(),
                "token-api.base-url",
                settings.gatewayUrl(),
                "token-api.user-id",
                Long.toString(SandboxDemo.USER_ID),
                "token-api.access-token",
                SandboxDemo.ACCESS_TOKEN,
                "token-policy.rate-limit.requests",
                "100",
                "token-policy.rate-limit.window",
                "1s"));
        return worker.run(args);
    }
}
