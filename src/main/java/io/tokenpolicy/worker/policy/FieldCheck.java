package io.tokenpolicy.worker.policy;

/**
 * What reading a field does beyond checking its kind and range. Each applies to one kind, and
 * each is a property of the field rather than of its type's reader, so that every type with
 * such a field gets it: the catalogue's and the operators' alike.
 */
public enum FieldCheck {

    /**
     * An integer that counts something, read like {@code token_id}: the refusal names the kind of
     * a wrong value ("must be a positive integer, not a string") and a value over the maximum
     * "must not exceed" it.
     */
    POSITIVE(FieldKind.INTEGER),

    /**
     * An allow list that narrows: an entry that admits a whole address family ({@code 0.0.0.0/0},
     * {@code ::/0}) is refused, since narrowing to it would not narrow.
     */
    NARROWING(FieldKind.IP_LIST),

    /**
     * A text quoted in outcomes and logs, such as an incident's reason: anything shaped like a key
     * or access token in it is masked when it is read, so that a leaked key is not repeated.
     */
    MASKED(FieldKind.TEXT);

    private final FieldKind kind;

    FieldCheck(FieldKind kind) {
        this.kind = kind;
    }

    public FieldKind kind() {
        return kind;
    }
}
