package io.tokenpolicy.worker.tokenapi;

import java.util.LinkedHashMap;
import java.util.Map;

/** System properties set for a test and put back as they were when it closes. */
final class SystemProperties implements AutoCloseable {

    private final Map<String, String> before = new LinkedHashMap<>();

    private SystemProperties() {}

    /** @param namesAndValues a name, its value, the next name, its value, ... */
    static SystemProperties set(String... namesAndValues) {
        SystemProperties properties = new SystemProperties();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            properties.before.put(namesAndValues[i], System.getProperty(namesAndValues[i]));
            System.setProperty(namesAndValues[i], namesAndValues[i + 1]);
        }
        return properties;
    }

    @Override
    public void close() {
        before.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }
}
