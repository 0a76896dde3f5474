package io.tokenpolicy.worker.sandbox;

import java.util.Map;

/**
 * Where the sandbox listens and whether it runs the worker, read from the environment.
 *
 * @param host        the address the servers bind to ({@code SANDBOX_HOST}, default 127.0.0.1)
 * @param kafkaPort   the broker's port ({@code SANDBOX_KAFKA_PORT}, default 9092)
 * @param gatewayPort the gateway emulator's port ({@code SANDBOX_GATEWAY_PORT}, default 3000)
 * @param faultsPort  the port of the gateway's fault switch ({@code SANDBOX_FAULTS_PORT}, default 3001)
 * @param worker      whether to start the worker too ({@code SANDBOX_WORKER}, default true)
 */
public record SandboxSettings(String host, int kafkaPort, int gatewayPort, int faultsPort, boolean worker) {

    static SandboxSettings fromEnvironment(Map<String, String> env) {
        return new SandboxSettings(
                env.getOrDefault("SANDBOX_HOST", "127.0.0.1"),
                Integer.parseInt(env.getOrDefault("SANDBOX_KAFKA_PORT", "9092")),
                Integer.parseInt(env.getOrDefault("SANDBOX_GATEWAY_PORT", "3000")),
                Integer.parseInt(env.getOrDefault("SANDBOX_FAULTS_PORT", "3001")),
                Boolean.parseBoolean(env.getOrDefault("SANDBOX_WORKER", "true")));
    }

    public String bootstrapServers() {
        return host + ":" + kafkaPort;
    }

    public String gatewayUrl() {
        return "http://" + host + ":" + gatewayPort;
    }

    public String faultsUrl() {
        return "http://" + host + ":" + faultsPort + GatewayFaultSwitch.PATH;
    }
}
