package io.tokenpolicy.worker.apply;

/**
 * The gateway refused for good to store a token's fields (a full PUT): with the token as it stood
 * when it did, after any status change written before, so that what can still be written (its
 * status) is written from there.
 */
final class FieldsRefused extends RuntimeException {

    private final transient StoredToken token;

    FieldsRefused(StoredToken token, String reason) {
        super(reason, null, false, false);
        this.token = token;
    }

    StoredToken token() {
        return token;
    }
}
