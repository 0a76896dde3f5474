package io.tokenpolicy.worker.tokenapi;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;

/**
 * An {@link HttpRequest} as the bytes of an HTTP/1.1 message: request line, {@code Host}, its
 * headers (which {@code HttpRequest.Builder} has already checked), {@code Content-Length} and the
 * body. The body publishers the client uses hand over their bytes as soon as they are asked.
 */
final class RequestMessage {

    static final String USER_AGENT = "token-policy-worker";

    private RequestMessage() {}

    static byte[] of(HttpRequest request, String host) {
        byte[] body = bodyOf(request);
        StringBuilder head = new StringBuilder(256)
                .append(request.method())
                .append(' ')
                .append(target(request.uri()))
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(host)
                .append("\r\n")
                .append("User-Agent: ")
                .append(USER_AGENT)
                .append("\r\n");
        for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
            for (String value : header.getValue()) {
                head.append(header.getKey()).append(": ").append(value).append("\r\n");
            }
        }
        if (body.length > 0 || !request.method().equals("GET")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] message = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, message, 0, headBytes.length);
        System.arraycopy(body, 0, message, headBytes.length, body.length);
        return message;
    }

    private static String target(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static byte[] bodyOf(HttpRequest request) {
        if (request.bodyPublisher().isEmpty()) {
            return new byte[0];
        }
        Collector collector = new Collector();
        request.bodyPublisher().get().subscribe(collector);
        return collector.bytes();
    }

    /** Takes the body's buffers as the publisher hands them over, all of them at once. */
    private static final class Collector implements Flow.Subscriber<ByteBuffer> {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean complete;
        private Throwable failure;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ByteBuffer buffer) {
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.writeBytes(chunk);
        }

        @Override
        public void onError(Throwable throwable) {
            failure = throwable;
        }

        @Override
        public void onComplete() {
            complete = true;
        }

        byte[] bytes() {
            if (failure != null || !complete) {
                throw new IllegalStateException("a request body must be available at once", failure);
            }
            return bytes.toByteArray();
        }
    }
}
