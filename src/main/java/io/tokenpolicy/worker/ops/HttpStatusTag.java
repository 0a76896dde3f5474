package io.tokenpolicy.worker.ops;

import java.io.InterruptedIOException;

/**
 * The status tag of a gateway call: the codes the worker acts on (200, 401, 429) as they are,
 * any other as its class ({@code 3xx}, {@code 4xx}, {@code 5xx}), and calls without an answer as
 * {@code timeout} or {@code io_error}.
 */
public final class HttpStatusTag {

    private HttpStatusTag() {}

    public static String of(int status) {
        if (status == 200 || status == 401 || status == 429) {
            return Integer.toString(status);
        }
        return status / 100 + "xx";
    }

    public static String of(Exception failure) {
        return failure instanceof InterruptedIOException ? "timeout" : "io_error";
    }
}
