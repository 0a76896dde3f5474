package io.tokenpolicy.worker.apply;

import java.util.Objects;

/** One token field an event changed, in the gateway's field names and values. */
public record FieldChange(String field, Object before, Object after) {

    public FieldChange {
        Objects.requireNonNull(field, "field");
    }
}
