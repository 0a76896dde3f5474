package io.tokenpolicy.bench.baseline;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The {@code --name=value} arguments the benchmark gives every baseline process, read without a
 * framework so that the baselines that have none (Parallel Consumer, the relay) stay small.
 */
public final class BaselineArgs {

    private final Map<String, String> values = new HashMap<>();

    private BaselineArgs() {}

    public static BaselineArgs parse(String[] args) {
        BaselineArgs parsed = new BaselineArgs();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 2) {
                parsed.values.put(arg.substring(2, equals), arg.substring(equals + 1));
            }
        }
        return parsed;
    }

    /** The value of {@code --name=...}; fails naming the argument when it is missing. */
    public String get(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing argument --" + name + "=...");
        }
        return value;
    }

    public int integer(String name) {
        return Integer.parseInt(get(name));
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    public String bootstrapServers() {
        return get("bootstrap-servers");
    }

    public String eventsTopic() {
        return get("events-topic");
    }

    public String outcomesTopic() {
        return get("outcomes-topic");
    }

    public String groupId() {
        return get("group-id");
    }

    /** The consumer settings every baseline shares: the run's group, from the start, read committed, no auto-commit. */
    public Map<String, Object> consumerConfig() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                groupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class);
    }
}
