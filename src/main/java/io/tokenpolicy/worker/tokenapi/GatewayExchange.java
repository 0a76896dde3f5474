package io.tokenpolicy.worker.tokenapi;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.apply.PermanentGatewayException;
import io.tokenpolicy.worker.apply.TransientGatewayException;
import io.tokenpolicy.worker.apply.TransientGatewayException.Kind;
import io.tokenpolicy.worker.text.Printable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

/**
 * One HTTP exchange with the gateway, and what its answer means. The gateway reports
 * business errors as HTTP 200 with {@code success:false}, so success is read from the body,
 * never from the status alone; the message text is localised and only ever quoted, cut to
 * {@value #MAX_GATEWAY_TEXT} characters and made {@link Printable} where it is read, so that no
 * reason, log line or dead letter quoting it can be forged or grow without bound. The caller
 * has taken the call's turn ({@link GatewayAdmission}) before; a 429 takes more of the rate limit, and pauses the
 * instance's calls for as long as it asks.
 */
final class GatewayExchange {

    static final int MAX_GATEWAY_TEXT = 300;

    /** A proxy's answer when the gateway behind it failed or did not answer in time: the call may have been carried out. */
    private static final int BAD_GATEWAY = 502;

    private static final int GATEWAY_TIMEOUT = 504;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MeteredHttp http;
    private final GatewayRateLimit rateLimit;

    GatewayExchange(MeteredHttp http, GatewayRateLimit rateLimit) {
        this.http = http;
        this.rateLimit = rateLimit;
    }

    /**
     * The {@code data} object of a successful answer (empty when the gateway sent none). A {@code success:false} answer
     * is a {@link PermanentGatewayException} when {@link GatewayRefusals} knows it to be final, else a transient
     * failure ({@link Kind#REFUSED}) that is retried.
     */
    ObjectNode send(HttpUriRequestBase request, String what) {
        JsonNode data = sendForData(request, what);
        return data instanceof ObjectNode object ? object : JSON.createObjectNode();
    }

    /** The {@code data} of a successful answer as sent: an object, or the bare array some servers answer a list with. */
    JsonNode sendForData(HttpUriRequestBase request, String what) {
        HttpAnswer answer = sendOrFail(request, what);
        int status = answer.status();
        if (status == 429) {
            rateLimit.tooManyRequests(answer.retryAfter());
            throw new TransientGatewayException(
                    Kind.RATE_LIMITED, what + ": rate limited (HTTP 429)", null, answer.retryAfter());
        }
        if (status >= 500 || status == 408) {
            throw new TransientGatewayException(
                    Kind.UNAVAILABLE,
                    what + ": HTTP " + status,
                    null,
                    answer.retryAfter(),
                    status == BAD_GATEWAY || status == GATEWAY_TIMEOUT);
        }
        if (status == 401) {
            throw new PermanentGatewayException(what + ": credentials refused (HTTP 401)");
        }
        if (status != 200) {
            throw new PermanentGatewayException(what + ": unexpected HTTP " + status);
        }
        return dataOf(answer.body(), what);
    }

    private HttpAnswer sendOrFail(HttpUriRequestBase request, String what) {
        try {
            return http.send(request);
        } catch (InterruptedIOException timedOut) {
            Kind kind = timedOut instanceof ConnectTimeoutException ? Kind.UNAVAILABLE : Kind.TIMED_OUT;
            throw new TransientGatewayException(
                    kind, what + ": " + timedOut.getClass().getSimpleName(), timedOut);
        } catch (IOException failed) {
            throw new TransientGatewayException(
                    Kind.UNAVAILABLE,
                    what + ": " + failed.getClass().getSimpleName(),
                    failed,
                    Duration.ZERO,
                    !neverSent(failed));
        }
    }

    /**
     * Whether the request surely never reached the gateway: no connection (refused, no such host) or no TLS session.
     * Any other I/O failure (a connection reset or closed without an answer) may have come after it was sent.
     */
    private static boolean neverSent(IOException failed) {
        return failed instanceof ConnectException
                || failed instanceof UnknownHostException
                || failed instanceof SSLHandshakeException;
    }

    private static JsonNode dataOf(byte[] body, String what) {
        JsonNode answer = parse(body, what);
        if (!answer.path("success").asBoolean(false)) {
            String message = answer.path("message").asText("");
            String reason =
                    Printable.of(what + ": " + (message.isBlank() ? "success:false" : message), MAX_GATEWAY_TEXT);
            if (GatewayRefusals.isFinal(message)) {
                throw new PermanentGatewayException(reason);
            }
            throw new TransientGatewayException(Kind.REFUSED, reason, null);
        }
        JsonNode data = answer.get("data");
        return data == null ? JSON.createObjectNode() : data;
    }

    private static JsonNode parse(byte[] body, String what) {
        try {
            JsonNode answer = JSON.readTree(body);
            if (answer == null || !answer.isObject()) {
                throw new TransientGatewayException(what + ": answer is not a JSON object");
            }
            return answer;
        } catch (IOException unreadable) {
            throw new TransientGatewayException(what + ": answer is not JSON");
        }
    }

    /** A request body as UTF-8 JSON bytes: the same text as {@code toString()}, without a String in between. */
    static byte[] bytesOf(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JacksonException impossible) {
            throw new IllegalStateException("a JSON tree could not be written", impossible);
        }
    }
}
