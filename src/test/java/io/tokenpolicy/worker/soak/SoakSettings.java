package io.tokenpolicy.worker.soak;

import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.WorkerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The settings of a soak's workers: the two users of {@link SoakUsers} in a credentials file, six partitions, the
 * gateway's rate limit shared by the group, and a retry budget that outlasts the outage (so nothing fails for want of
 * it, and the order of a token's events holds).
 */
final class SoakSettings {

    static final int PARTITIONS = 6;

    private SoakSettings() {}

    static Map<String, Object> of(
            String run,
            String brokers,
            TokenApiEmulator gateway,
            String usedAccess,
            String exactAccess,
            int gatewayLimit,
            Duration window) {
        Path credentials = Path.of("target", "soak", "credentials-" + run + ".yaml");
        try {
            Files.createDirectories(credentials.getParent());
            Files.writeString(
                    credentials,
                    String.format(
                            "users:%n  - user_id: %d%n    access_token: \"%s\"%n  - user_id: %d%n    access_token: \"%s\"%n",
                            SoakUsers.USED_USER, usedAccess, SoakUsers.EXACT_USER, exactAccess));
        } catch (IOException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
        Map<String, Object> settings = WorkerSettings.withCredentialsFile(
                WorkerSettings.of(brokers, run, gateway, SoakUsers.USED_USER, usedAccess),
                credentials.toAbsolutePath());
        settings.put("token-policy.topics.partitions", PARTITIONS);
        settings.put("token-policy.rate-limit.requests", gatewayLimit);
        settings.put("token-policy.rate-limit.window", window.toMillis() + "ms");
        settings.put("token-policy.rate-limit.scope", "group");
        settings.put("token-policy.retry.max-attempts", 1_000);
        settings.put("token-policy.retry.initial-backoff", "50ms");
        settings.put("token-policy.retry.max-backoff", "1s");
        settings.put("token-policy.retry.max-duration", "10m");
        settings.put("token-policy.circuit.failure-threshold", 5);
        settings.put("token-policy.circuit.open-duration", "1s");
        settings.put("token-policy.concurrency.drain-timeout", "4s");
        settings.put("token-api.request-timeout", "1s");
        // above the 1.5 s the emulator holds a timed-out call before carrying it out
        settings.put("token-api.write-settle-time", "2s");
        settings.put("logging.level.io.tokenpolicy", "warn");
        return WorkerSettings.killable(settings);
    }
}
