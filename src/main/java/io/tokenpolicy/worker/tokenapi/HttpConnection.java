package io.tokenpolicy.worker.tokenapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One kept-alive HTTP/1.1 connection to the gateway: writes a request and reads its answer, whose
 * body is delimited by {@code Content-Length}, by chunks, or by the end of the connection. Used by
 * one call at a time.
 */
final class HttpConnection implements AutoCloseable {

    static final int MAX_LINE = 64 * 1024;
    static final int MAX_BODY = 16 * 1024 * 1024;

    /** The connection ended before any byte of the answer: an idle connection the server had closed. */
    static final class ClosedBeforeAnswer extends IOException {
        ClosedBeforeAnswer(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private long deadline;
    private long idleSince;

    HttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Sends the request and reads the whole answer, by {@code deadline} ({@link System#nanoTime()}).
     * A connection with bytes after the answer is not reused: it no longer knows where an answer starts.
     */
    HttpAnswer exchange(byte[] request, long deadline) throws IOException {
        this.deadline = deadline;
        try {
            out.write(request);
            out.flush();
        } catch (IOException notSent) {
            throw new ClosedBeforeAnswer("the connection was closed before the request was sent", notSent);
        }
        if (!fillFirst()) {
            throw new ClosedBeforeAnswer("the connection was closed before an answer", null);
        }
        HttpAnswer answer = readAnswer();
        boolean clean = position == limit;
        return clean ? answer : new HttpAnswer(answer.status(), answer.body(), false);
    }

    /**
     * Whether anything arrived while the connection was idle: then it no longer knows where an
     * answer starts. (Bytes left after an answer already kept it from being pooled.)
     */
    boolean hasUnreadBytes() {
        try {
            return in.available() > 0;
        } catch (IOException closed) {
            return true;
        }
    }

    void idleSince(long now) {
        idleSince = now;
    }

    long idleFor(long now) {
        return now - idleSince;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that is left to do with it
        }
    }

    private boolean fillFirst() throws IOException {
        try {
            return fill();
        } catch (HttpTimeoutException timedOut) {
            throw timedOut;
        } catch (IOException reset) {
            throw new ClosedBeforeAnswer("the connection was reset before an answer", reset);
        }
    }

    private HttpAnswer readAnswer() throws IOException {
        ResponseHead head = readHead();
        while (head.status() >= 100 && head.status() < 200) {
            if (head.status() == 101) {
                throw new IOException("the gateway switched protocols (HTTP 101), which was not asked for");
            }
            head = readHead();
        }
        if (head.status() == 204 || head.status() == 304) {
            return new HttpAnswer(head.status(), new byte[0], head.keepAlive());
        }
        if (head.chunked()) {
            return new HttpAnswer(head.status(), readChunks(), head.keepAlive() && head.contentLength() < 0);
        }
        if (head.transferEncoded()) {
            return new HttpAnswer(head.status(), readToEnd(), false);
        }
        if (head.contentLength() >= 0) {
            return new HttpAnswer(head.status(), readExactly(head.contentLength()), head.keepAlive());
        }
        return new HttpAnswer(head.status(), readToEnd(), false);
    }

    private ResponseHead readHead() throws IOException {
        ResponseHead head = ResponseHead.ofStatusLine(readLine());
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            head = head.withHeader(line);
        }
        return head;
    }

    private byte[] readChunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (long size = chunkSize(readLine()); size > 0; size = chunkSize(readLine())) {
            if (body.size() + size > MAX_BODY) {
                throw tooLarge();
            }
            body.writeBytes(readExactly(size));
            if (!readLine().isEmpty()) {
                throw new IOException("a chunk of the gateway's answer does not end where its size says");
            }
        }
        for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
            // trailers carry nothing the worker reads
        }
        return body.toByteArray();
    }

    private static long chunkSize(String line) throws IOException {
        int extensions = line.indexOf(';');
        String size = (extensions < 0 ? line : line.substring(0, extensions)).strip();
        if (size.isEmpty()
                || size.length() > 15
                || !size.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80)) {
            throw new IOException("a chunk size of the gateway's answer is not a hexadecimal number");
        }
        return Long.parseLong(size, 16);
    }

    private byte[] readExactly(long length) throws IOException {
        if (length > MAX_BODY) {
            throw tooLarge();
        }
        byte[] body = new byte[(int) length];
        int read = 0;
        while (read < body.length) {
            if (position == limit && !fill()) {
                throw new IOException("the gateway closed the connection " + (body.length - read)
                        + " bytes before the end of its answer");
            }
            int n = Math.min(limit - position, body.length - read);
            System.arraycopy(buffer, position, body, read, n);
            position += n;
            read += n;
        }
        return body;
    }

    private byte[] readToEnd() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (position < limit || fill()) {
            if (body.size() + limit - position > MAX_BODY) {
                throw tooLarge();
            }
            body.write(buffer, position, limit - position);
            position = limit;
        }
        return body.toByteArray();
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            if (position == limit && !fill()) {
                throw new IOException("the gateway closed the connection in the middle of its answer");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("a line of the gateway's answer is longer than " + MAX_LINE + " bytes");
            }
            line.append((char) (b & 0xff));
        }
    }

    /** Reads what has arrived, waiting at most until the deadline; false at the end of the stream. */
    private boolean fill() throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timedOut();
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left))));
        try {
            int n = in.read(buffer);
            position = 0;
            limit = Math.max(n, 0);
            return n > 0;
        } catch (SocketTimeoutException late) {
            throw timedOut();
        }
    }

    private static IOException tooLarge() {
        return new IOException("the gateway's answer is larger than " + MAX_BODY + " bytes");
    }

    private static HttpTimeoutException timedOut() {
        return new HttpTimeoutException("the gateway did not answer in time");
    }

    /** The status line and the headers that say how the body ends and whether the connection stays. */
    private record ResponseHead(
            int status,
            boolean http11,
            long contentLength,
            boolean transferEncoded,
            boolean chunked,
            boolean closeAsked,
            boolean keepAliveAsked) {

        static ResponseHead ofStatusLine(String line) throws IOException {
            if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
                throw new IOException("the gateway's answer does not start with an HTTP/1.x status line");
            }
            String status = line.substring(9, 12);
            if (!isDigits(status)) {
                throw new IOException("the gateway's status line has no three-digit status");
            }
            return new ResponseHead(Integer.parseInt(status), line.charAt(7) != '0', -1, false, false, false, false);
        }

        ResponseHead withHeader(String line) throws IOException {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("a header line of the gateway's answer has no name");
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            String lower = value.toLowerCase(Locale.ROOT);
            return switch (name) {
                case "content-length" -> withLength(value);
                case "transfer-encoding" ->
                    new ResponseHead(
                            status,
                            http11,
                            contentLength,
                            true,
                            lower.endsWith("chunked")
                                    && (lower.length() == 7
                                            || lower.endsWith(" chunked")
                                            || lower.endsWith(",chunked")),
                            closeAsked,
                            keepAliveAsked);
                case "connection" ->
                    new ResponseHead(
                            status,
                            http11,
                            contentLength,
                            transferEncoded,
                            chunked,
                            closeAsked || lower.contains("close"),
                            keepAliveAsked || lower.contains("keep-alive"));
                default -> this;
            };
        }

        boolean keepAlive() {
            return !closeAsked && (http11 || keepAliveAsked);
        }

        private ResponseHead withLength(String value) throws IOException {
            if (!isDigits(value) || value.length() > 15) {
                throw new IOException("the gateway's Content-Length is not a number");
            }
            long length = Long.parseLong(value);
            if (contentLength >= 0 && contentLength != length) {
                throw new IOException("the gateway's Content-Length is given twice with different values");
            }
            return new ResponseHead(status, http11, length, transferEncoded, chunked, closeAsked, keepAliveAsked);
        }

        private static boolean isDigits(String text) {
            return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
        }
    }
}
