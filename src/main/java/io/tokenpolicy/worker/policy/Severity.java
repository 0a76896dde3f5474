package io.tokenpolicy.worker.policy;

import java.util.Locale;

/** How bad a security incident is; the catalogue's rules disable the token on high and critical ones. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
