package io.tokenpolicy.worker.policy;

import java.util.Arrays;
import java.util.Locale;

/** How bad a security incident is; high and critical ones disable the token. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    public boolean disables() {
        return this == HIGH || this == CRITICAL;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity ofWireName(String name) {
        return Arrays.stream(values())
                .filter(severity -> severity.wireName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("severity must be one of low, medium, high, critical"));
    }
}
