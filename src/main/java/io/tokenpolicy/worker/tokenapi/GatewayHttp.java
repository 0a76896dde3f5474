package io.tokenpolicy.worker.tokenapi;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.reactor.ssl.SSLBufferMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * HTTP to the gateway over Apache HttpClient 5 (classic, blocking): the calling thread sends the
 * request and reads the answer, on a connection from a pool of {@code maxConnections} kept alive
 * and closed after {@value #IDLE_SECONDS} s idle. Redirects, cookies, compression and the
 * library's own retries are off: the worker retries, and only what its classification allows.
 *
 * <p>Each call ends by its deadline, {@code callTimeout} after it started, whether it is then
 * connecting, writing or reading: the connection is closed under it. An answer longer than
 * {@value #MAX_ANSWER_BYTES} bytes is refused, read no further than that, and its connection
 * closed. A host name's addresses are tried in turn until one accepts. The JVM's proxy settings
 * ({@code https.proxyHost}, {@code http.proxyHost}, {@code http.nonProxyHosts}) apply. TLS is the
 * given SSL bundle's, else the JVM's default trust store, with the host name checked.
 */
final class GatewayHttp implements AutoCloseable {

    static final int MAX_ANSWER_BYTES = 1024 * 1024;
    static final int IDLE_SECONDS = 30;
    static final String USER_AGENT = "token-policy-worker";

    /** Connections idle longer than this are checked before reuse: the gateway may have closed them. */
    private static final TimeValue VALIDATE_AFTER_IDLE = TimeValue.ofSeconds(2);

    private final CloseableHttpClient client;
    private final Duration callTimeout;
    private final ScheduledThreadPoolExecutor deadlines;

    /** @param tls the SSL bundle for an {@code https} gateway; {@code null} for the JVM's default */
    GatewayHttp(Duration connectTimeout, Duration callTimeout, int maxConnections, SslBundle tls) {
        this(connectTimeout, callTimeout, maxConnections, tls, SystemDefaultDnsResolver.INSTANCE);
    }

    GatewayHttp(Duration connectTimeout, Duration callTimeout, int maxConnections, SslBundle tls, DnsResolver dns) {
        this.callTimeout = callTimeout;
        Timeout call = Timeout.of(callTimeout);
        Timeout connect = Timeout.of(connectTimeout.compareTo(callTimeout) < 0 ? connectTimeout : callTimeout);
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                        .setConnPoolPolicy(PoolReusePolicy.LIFO)
                        .setDnsResolver(dns)
                        .setTlsSocketStrategy(tlsOf(tls))
                        .setDefaultSocketConfig(SocketConfig.custom()
                                .setTcpNoDelay(true)
                                .setSoTimeout(call)
                                .build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(call)
                                .setValidateAfterInactivity(VALIDATE_AFTER_IDLE)
                                .build())
                        .setDefaultTlsConfig(
                                TlsConfig.custom().setHandshakeTimeout(connect).build())
                        .build())
                .setRoutePlanner(new ProxyPerOrigin())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(call)
                        .setResponseTimeout(call)
                        .setConnectionKeepAlive(TimeValue.ofSeconds(IDLE_SECONDS))
                        .build())
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAutomaticRetries()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(IDLE_SECONDS))
                .evictExpiredConnections()
                .setUserAgent(USER_AGENT)
                .build();
        this.deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "gateway-call-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        deadlines.setRemoveOnCancelPolicy(true);
    }

    /** Sends the request and reads the whole answer, or fails by the call's deadline. */
    HttpAnswer send(HttpUriRequestBase request) throws IOException {
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(
                () -> {
                    late.set(true);
                    request.cancel();
                },
                callTimeout.toNanos(),
                TimeUnit.NANOSECONDS);
        try {
            return exchange(request);
        } catch (IOException | RuntimeException failed) {
            if (late.get()) {
                SocketTimeoutException timedOut =
                        new SocketTimeoutException("the gateway call did not end within " + callTimeout);
                timedOut.initCause(failed);
                throw timedOut;
            }
            throw failed;
        } finally {
            deadline.cancel(false);
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        client.close(CloseMode.IMMEDIATE);
    }

    private HttpAnswer exchange(HttpUriRequestBase request) throws IOException {
        ClassicHttpResponse response = client.executeOpen(null, request, null);
        try {
            Header retryAfter = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
            HttpAnswer answer = new HttpAnswer(
                    response.getCode(),
                    bodyOf(response.getEntity()),
                    RetryAfter.of(retryAfter == null ? null : retryAfter.getValue(), Instant.now()));
            response.close();
            return answer;
        } catch (IOException | RuntimeException failed) {
            if (response instanceof CloseableHttpResponse closeable) {
                closeable.close(CloseMode.IMMEDIATE);
            }
            throw failed;
        }
    }

    /**
     * The body, read to its end unless it is longer than the cap. A length the gateway announces is
     * checked against the cap before anything is read, and the body is read in buffers of at most
     * 8 KiB as it arrives ({@link InputStream#readNBytes(int)}), so an announced length is never
     * allocated ahead of the bytes.
     */
    static byte[] bodyOf(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        long announced = entity.getContentLength();
        if (announced > MAX_ANSWER_BYTES) {
            throw tooLarge();
        }
        InputStream in = entity.getContent();
        byte[] body = in.readNBytes(announced >= 0 ? (int) announced : MAX_ANSWER_BYTES + 1);
        if (body.length > MAX_ANSWER_BYTES) {
            throw tooLarge();
        }
        in.close();
        return body;
    }

    private static IOException tooLarge() {
        return new IOException("the gateway's answer is longer than " + MAX_ANSWER_BYTES + " bytes");
    }

    /** The bundle's TLS, else the JVM's; the gateway's name checked against its certificate by the JVM either way. */
    private static TlsSocketStrategy tlsOf(SslBundle bundle) {
        SslOptions options = bundle == null ? SslOptions.NONE : bundle.getOptions();
        return new DefaultClientTlsStrategy(
                bundle == null ? defaultTls() : bundle.createSslContext(),
                options.getEnabledProtocols(),
                options.getCiphers(),
                SSLBufferMode.STATIC,
                HostnameVerificationPolicy.BUILTIN,
                null);
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException noTls) {
            throw new IllegalStateException("this JVM has no TLS for an https gateway", noTls);
        }
    }
}
