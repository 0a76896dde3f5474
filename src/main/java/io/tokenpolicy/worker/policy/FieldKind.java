package io.tokenpolicy.worker.policy;

import java.util.Arrays;
import java.util.List;

/** The kinds of value an event's {@code data} field can hold, with the Java type each is read as. */
public enum FieldKind {
    INTEGER("integer", Long.class),
    TEXT("text", String.class),
    BOOLEAN("boolean", Boolean.class),
    TEXT_LIST("text-list", List.class),
    IP_LIST("ip-list", AllowIps.class);

    private final String wireName;
    private final Class<?> javaType;

    FieldKind(String wireName, Class<?> javaType) {
        this.wireName = wireName;
        this.javaType = javaType;
    }

    public String wireName() {
        return wireName;
    }

    public boolean holds(Object value) {
        return javaType.isInstance(value);
    }

    public static FieldKind ofWireName(String name) {
        return Arrays.stream(values())
                .filter(kind -> kind.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown field kind '" + name + "'; known: integer, text, boolean, text-list, ip-list"));
    }
}
