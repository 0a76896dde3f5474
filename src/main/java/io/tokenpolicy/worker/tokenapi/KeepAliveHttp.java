package io.tokenpolicy.worker.tokenapi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 to the gateway over blocking sockets that are kept alive and reused, one per call in
 * flight: the calling thread writes the request in one send and reads the answer itself, with no
 * selector thread, no futures and no hand-over between threads. The JDK's {@code HttpClient}
 * spent about 0.25 CPU-ms per call on that machinery, as much as everything else in a call.
 *
 * <p>One origin (the configured base URL), {@code http} or {@code https} with the JVM's trust
 * store and host name verification. A connection that has been idle for 30 s is closed rather
 * than reused. When a reused connection turns out to have been closed by the server before it
 * answered anything, the request is sent once more on a new connection: both calls the worker
 * makes (GET, and the full-replace PUT of the same body) are idempotent.
 */
final class KeepAliveHttp implements AutoCloseable {

    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    /** The host as the resolver and the TLS name check want it: an IPv6 literal without its brackets. */
    private final String address;
    /** The {@code Host} header: an IPv6 literal in brackets, the port unless it is the scheme's. */
    private final String hostHeader;

    private final int port;
    private final SSLContext tls;
    private final Duration connectTimeout;
    private final LongSupplier clock;
    private final Deque<HttpConnection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /** @param tls the TLS context for an {@code https} base URL; ignored for {@code http} */
    KeepAliveHttp(URI baseUrl, SSLContext tls, Duration connectTimeout) {
        this(baseUrl, tls, connectTimeout, System::nanoTime);
    }

    /** @param clock nanoseconds, for how long a connection has been idle */
    KeepAliveHttp(URI baseUrl, SSLContext tls, Duration connectTimeout, LongSupplier clock) {
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the gateway's base URL must be http or https, not '" + scheme + "'");
        }
        if (scheme.equals("https") && tls == null) {
            throw new IllegalArgumentException("an https base URL needs a TLS context");
        }
        String host = baseUrl.getHost();
        this.tls = scheme.equals("https") ? tls : null;
        int defaultPort = this.tls != null ? 443 : 80;
        this.port = baseUrl.getPort() > 0 ? baseUrl.getPort() : defaultPort;
        this.address = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String name = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        this.hostHeader = port == defaultPort ? name : name + ":" + port;
        this.connectTimeout = connectTimeout;
        this.clock = clock;
    }

    HttpAnswer send(HttpRequest request) throws IOException {
        byte[] message = RequestMessage.of(request, hostHeader);
        long deadline = System.nanoTime()
                + request.timeout()
                        .orElseThrow(() -> new IllegalArgumentException("a gateway call needs a timeout"))
                        .toNanos();
        HttpConnection reused = takeIdle();
        if (reused != null) {
            try {
                return exchange(reused, message, deadline);
            } catch (HttpConnection.ClosedBeforeAnswer stale) {
                // closed by the server while idle: nothing was answered, so the call goes on a new connection
            }
        }
        try {
            return exchange(connect(deadline), message, deadline);
        } catch (HttpConnection.ClosedBeforeAnswer closedEarly) {
            throw new IOException("the gateway closed a new connection without answering", closedEarly);
        }
    }

    /** Closes the idle connections; a connection in use is closed when its call ends. */
    @Override
    public void close() {
        closed = true;
        for (HttpConnection connection = idle.poll(); connection != null; connection = idle.poll()) {
            connection.close();
        }
    }

    private HttpAnswer exchange(HttpConnection connection, byte[] message, long deadline) throws IOException {
        HttpAnswer answer = null;
        try {
            answer = connection.exchange(message, deadline);
        } finally {
            if (answer == null) {
                connection.close();
            }
        }
        if (answer.keepAlive() && !closed) {
            connection.idleSince(clock.getAsLong());
            idle.push(connection);
            if (closed) {
                close();
            }
        } else {
            connection.close();
        }
        return answer;
    }

    /** The connection used last, if still fresh; connections idle too long are closed, the oldest first. */
    private HttpConnection takeIdle() {
        long now = clock.getAsLong();
        for (HttpConnection oldest = idle.peekLast();
                oldest != null && oldest.idleFor(now) >= IDLE_TIMEOUT.toNanos();
                oldest = idle.peekLast()) {
            if (idle.removeLastOccurrence(oldest)) {
                oldest.close();
            }
        }
        for (HttpConnection connection = idle.poll(); connection != null; connection = idle.poll()) {
            if (connection.idleFor(now) < IDLE_TIMEOUT.toNanos() && !connection.hasUnreadBytes()) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    /** A new connection, within the connect timeout and what is left of the call's time. */
    private HttpConnection connect(long deadline) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new HttpTimeoutException("no time was left for the gateway call to connect");
        }
        int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.min(left, connectTimeout.toMillis())));
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address, port), timeout);
            return new HttpConnection(tls == null ? socket : handshake(socket, timeout));
        } catch (SocketTimeoutException timedOut) {
            socket.close();
            throw new HttpConnectTimeoutException("connecting to the gateway timed out after " + connectTimeout);
        } catch (IOException | RuntimeException failed) {
            socket.close();
            throw failed;
        }
    }

    private Socket handshake(Socket connected, int timeout) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(connected, address, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(timeout);
        socket.startHandshake();
        return socket;
    }
}
