package io.tokenpolicy.worker.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml as plain YAML, with compose's {@code ${VAR}}, {@code ${VAR:-default}} interpolation. */
record ComposeFile(Map<String, Object> root) {

    static final Path FILE = Path.of("docker-compose.yml");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?:(:?)([-?])([^}]*))?}");

    static ComposeFile read() {
        try (Reader reader = Files.newBufferedReader(FILE)) {
            return new ComposeFile(new Yaml().load(reader));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    Map<String, Object> services() {
        return map(root, "services");
    }

    Map<String, Object> service(String name) {
        return map(services(), name);
    }

    Map<String, Object> volumes() {
        return map(root, "volumes");
    }

    /** A service's environment as written (compose allows a map or a list of NAME=value). */
    Map<String, String> environment(String service) {
        Object environment = service(service).get("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> entries) {
            entries.forEach((name, value) -> variables.put(name.toString(), value == null ? "" : value.toString()));
        } else if (environment instanceof List<?> entries) {
            entries.forEach(entry -> variables.put(
                    entry.toString().split("=", 2)[0], entry.toString().split("=", 2)[1]));
        }
        return variables;
    }

    /** The service's environment after interpolation with the given variables (what .env would hold). */
    Map<String, String> environment(String service, Map<String, String> dotEnv) {
        Map<String, String> resolved = new LinkedHashMap<>();
        environment(service).forEach((name, value) -> resolved.put(name, interpolate(value, dotEnv)));
        return resolved;
    }

    /** A service's published ports as written ({@code "host:container"}). */
    List<String> ports(String service) {
        return ((List<?>) service(service).get("ports"))
                .stream().map(Object::toString).toList();
    }

    /** A service's bind mounts: the path on the host to the path in the container (a mode such as {@code :ro} left off). */
    Map<String, String> mounts(String service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : (List<?>) service(service).get("volumes")) {
            String[] parts = volume.toString().split(":");
            mounts.put(parts[0], parts[1]);
        }
        return mounts;
    }

    /** The names of the variables the file interpolates. */
    static List<String> variablesIn(String value) {
        return VARIABLE.matcher(value).results().map(match -> match.group(1)).toList();
    }

    static String interpolate(String value, Map<String, String> variables) {
        Matcher variable = VARIABLE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (variable.find()) {
            String given = variables.get(variable.group(1));
            boolean missing = given == null || (":".equals(variable.group(2)) && given.isEmpty());
            if (missing && "?".equals(variable.group(3))) {
                throw new IllegalArgumentException("compose refuses to start without " + variable.group(1));
            }
            String replacement = missing ? (variable.group(4) == null ? "" : variable.group(4)) : given;
            variable.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        return variable.appendTail(result).toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object child = parent.get(key);
        if (!(child instanceof Map)) {
            throw new AssertionError(FILE + ": '" + key + "' is missing or not a mapping");
        }
        return (Map<String, Object>) child;
    }
}
