package io.tokenpolicy.worker.emulator;

import com.sun.net.httpserver.Headers;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The emulator's HTTP/1.1 server, shaped like Go's {@code net/http} that serves new-api: one
 * thread per connection, keep-alive, TCP_NODELAY, and each answer written with a single send
 * (status line, headers and body together). At most {@code concurrentCalls} requests are
 * handled at once, each until its answer is due; idle connections do not count. An answer
 * held back for the gateway's latency is written by one timer thread when it is due, while the
 * connection's thread waits for the next request: a thread waking per call to answer it would
 * take the cores the benchmark measures. Clients do not pipeline requests (none of those used
 * here does), so a connection has at most one answer outstanding.
 */
final class EmulatorServer implements AutoCloseable {

    private static final int MAX_LINE = 8192;

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(200, "OK"),
            Map.entry(301, "Moved Permanently"),
            Map.entry(307, "Temporary Redirect"),
            Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"),
            Map.entry(404, "Not Found"),
            Map.entry(408, "Request Timeout"),
            Map.entry(411, "Length Required"),
            Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"));

    private final int port;

    private volatile ServerSocket listener;

    private volatile Future<?> accepting;

    private final Consumer<EmulatorExchange> handler;

    private final Semaphore calls;

    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

    private final ExecutorService threads = Executors.newCachedThreadPool(daemon("token-api-emulator"));

    private final ScheduledExecutorService heldAnswers =
            Executors.newSingleThreadScheduledExecutor(daemon("token-api-emulator-answers"));

    EmulatorServer(int port, int concurrentCalls, Consumer<EmulatorExchange> handler) throws IOException {
        this.listener = listen(port);
        this.port = listener.getLocalPort();
        this.handler = handler;
        this.calls = new Semaphore(concurrentCalls);
        ServerSocket first = listener;
        accepting = threads.submit(() -> accept(first));
    }

    int port() {
        return port;
    }

    /**
     * Stops listening and drops every open connection, as a gateway whose process is gone: a connection attempt is
     * refused until {@link #listenAgain()}.
     */
    synchronized void refuseConnections() {
        closeListener();
        awaitAcceptingEnded();
        List.copyOf(connections).forEach(EmulatorServer::closeQuietly);
    }

    /**
     * A listening socket closed while its thread is blocked in {@code accept} is only let go once that thread has
     * woken; until then it still takes connections.
     */
    private void awaitAcceptingEnded() {
        try {
            accepting.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException notEnded) {
            throw new IllegalStateException("the emulator's listening thread did not end", notEnded);
        }
    }

    /** Listens again on the same port after {@link #refuseConnections()}; nothing when it listens already. */
    synchronized void listenAgain() throws IOException {
        if (listener.isClosed()) {
            ServerSocket again = listen(port);
            listener = again;
            accepting = threads.submit(() -> accept(again));
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 1024);
        return socket;
    }

    private void accept(ServerSocket listener) {
        while (!listener.isClosed()) {
            try {
                Socket connection = listener.accept();
                connection.setTcpNoDelay(true);
                connections.add(connection);
                threads.execute(() -> serve(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            boolean open = true;
            while (open) {
                open = serveOne(connection, in, out);
            }
        } catch (IOException | RuntimeException gone) {
            // the client closed the connection or sent what is not HTTP: nothing left to answer
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } finally {
            connections.remove(connection);
        }
    }

    /** Reads, handles and answers one request; {@code false} when the connection is to be closed. */
    private boolean serveOne(Socket connection, InputStream in, OutputStream out)
            throws IOException, InterruptedException {
        String requestLine = readLine(in);
        if (requestLine == null) {
            return false;
        }
        long arrivedAt = System.nanoTime();
        String[] parts = requestLine.split(" ");
        Headers headers = readHeaders(in);
        URI target = parts.length == 3 ? targetOf(parts[1]) : null;
        if (target == null) {
            write(out, 400, new Headers(), new byte[0], true);
            return false;
        }
        if ("100-continue".equalsIgnoreCase(headers.getFirst("Expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        byte[] body = readBody(in, headers);
        boolean keepAlive = parts[2].equals("HTTP/1.1") && !"close".equalsIgnoreCase(headers.getFirst("Connection"));
        EmulatorExchange exchange =
                new EmulatorExchange(parts[0], target.getPath(), target.getRawQuery(), headers, body, arrivedAt);
        calls.acquire();
        handler.accept(exchange);
        if (exchange.dropped() || !exchange.answered()) {
            finish(exchange);
            return false;
        }
        long due = exchange.answerAt() - System.nanoTime();
        if (due > 0 && keepAlive) {
            heldAnswers.schedule(() -> writeHeld(connection, out, exchange), due, TimeUnit.NANOSECONDS);
            return true;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(due);
        } finally {
            finish(exchange);
        }
        write(out, exchange.status(), exchange.responseHeaders(), exchange.responseBody(), !keepAlive);
        return keepAlive;
    }

    private void writeHeld(Socket connection, OutputStream out, EmulatorExchange exchange) {
        finish(exchange);
        try {
            write(out, exchange.status(), exchange.responseHeaders(), exchange.responseBody(), false);
        } catch (IOException gone) {
            closeQuietly(connection);
        }
    }

    /** The call is over once its answer is due: the next one on the connection may come as soon as it is written. */
    private void finish(EmulatorExchange exchange) {
        calls.release();
        exchange.done();
    }

    /** The request target as a URI, or {@code null} when it is not one. */
    private static URI targetOf(String target) {
        try {
            return new URI(target);
        } catch (URISyntaxException malformed) {
            return null;
        }
    }

    private static void write(OutputStream out, int status, Headers headers, byte[] body, boolean close)
            throws IOException {
        StringBuilder head = new StringBuilder(256)
                .append("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(REASONS.getOrDefault(status, "Status"))
                .append("\r\n");
        headers.forEach((name, values) -> values.forEach(
                value -> head.append(name).append(": ").append(value).append("\r\n")));
        head.append("Content-Length: ").append(body.length).append("\r\n");
        if (close) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] answer = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, answer, 0, headBytes.length);
        System.arraycopy(body, 0, answer, headBytes.length, body.length);
        out.write(answer);
        out.flush();
    }

    private static Headers readHeaders(InputStream in) throws IOException {
        Headers headers = new Headers();
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.add(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private static byte[] readBody(InputStream in, Headers headers) throws IOException {
        if ("chunked".equalsIgnoreCase(headers.getFirst("Transfer-Encoding"))) {
            return readChunked(in);
        }
        String length = headers.getFirst("Content-Length");
        return length == null ? new byte[0] : readExactly(in, Integer.parseInt(length.trim()));
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
            body.write(readExactly(in, size));
            readLine(in);
        }
        readHeaders(in);
        return body.toByteArray();
    }

    private static int chunkSize(InputStream in) throws IOException {
        String line = readLine(in);
        if (line == null) {
            throw new EOFException("connection closed inside a chunked body");
        }
        int extension = line.indexOf(';');
        return Integer.parseInt((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("connection closed inside a body");
        }
        return bytes;
    }

    /** A line without its CRLF, or {@code null} at the end of the stream before any byte. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("line too long");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() {
        closeListener();
        List.copyOf(connections).forEach(EmulatorServer::closeQuietly);
        threads.shutdownNow();
        heldAnswers.shutdownNow();
    }

    private void closeListener() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing a listening socket has nothing to report
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void closeQuietly(Socket connection) {
        try {
            connection.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
