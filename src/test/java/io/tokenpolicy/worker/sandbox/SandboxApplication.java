package io.tokenpolicy.worker.sandbox;

import java.util.concurrent.CountDownLatch;

/**
 * The sandbox behind {@code ./mvnw spring-boot:test-run}: a Kafka broker, a gateway emulator
 * seeded with demo tokens and its fault switch, and the worker wired to both, so that anyone can send events
 * with any Kafka client. {@code SANDBOX_WORKER=false} leaves the worker out, so that the
 * jar can be run, killed and restarted against the sandbox as a separate process.
 */
public final class SandboxApplication {

    private SandboxApplication() {}

    public static void main(String[] args) throws InterruptedException {
        SandboxSettings settings = SandboxSettings.fromEnvironment(System.getenv());
        Sandbox sandbox = Sandbox.start(settings, args);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            sandbox.close();
                            stopped.countDown();
                        },
                        "sandbox-shutdown"));
        System.out.println(SandboxDemo.banner(settings));
        stopped.await();
    }
}
