package io.tokenpolicy.worker.emulator;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One call as the emulator received it, so tests can assert what a client actually sent
 * (the {@code Authorization} and {@code New-Api-User} headers, the PUT body).
 *
 * @param route the route the call was classified as
 * @param method the HTTP method
 * @param path the request path
 * @param query the raw query string, or {@code null}
 * @param headers the request headers, looked up case-insensitively
 * @param body the request body as text ("" when none)
 * @param receivedAt when the call arrived, so that tests can tell which of two callers came first
 */
public record RecordedRequest(
        Route route,
        String method,
        String path,
        String query,
        Map<String, List<String>> headers,
        String body,
        Instant receivedAt) {

    public RecordedRequest {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
    }

    /** The first value of a header, or {@code null} when the call did not carry it. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
