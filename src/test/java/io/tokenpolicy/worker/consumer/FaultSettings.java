package io.tokenpolicy.worker.consumer;

import io.tokenpolicy.worker.emulator.Route;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import io.tokenpolicy.worker.fixtures.Harness;
import java.util.Map;
import java.util.stream.Stream;

/** Worker settings for fault tests: retries and circuit scaled down from seconds and minutes to milliseconds. */
final class FaultSettings {

    private FaultSettings() {}

    static Map<String, Object> of(Harness harness, Map<String, Object> overrides) {
        Map<String, Object> settings = harness.workerSettings();
        settings.put("token-policy.retry.max-attempts", 50);
        settings.put("token-policy.retry.initial-backoff", "20ms");
        settings.put("token-policy.retry.max-backoff", "200ms");
        settings.put("token-policy.retry.max-duration", "30s");
        settings.put("token-policy.circuit.failure-threshold", 5);
        settings.put("token-policy.circuit.open-duration", "250ms");
        settings.putAll(overrides);
        return settings;
    }

    static long callsReceived(TokenApiEmulator gateway) {
        return Stream.of(Route.values()).mapToLong(gateway::calls).sum();
    }
}
