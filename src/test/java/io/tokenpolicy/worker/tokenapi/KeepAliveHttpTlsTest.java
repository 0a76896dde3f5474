package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link KeepAliveHttp} over TLS, against a certificate made for {@code localhost} by the JDK's keytool. */
class KeepAliveHttpTlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path keys;

    private static KeyStore store;

    private ScriptedHttpServer server;
    private KeepAliveHttp http;

    @BeforeAll
    static void makeCertificateForLocalhost() throws Exception {
        Path file = keys.resolve("gateway.p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(List.of(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "gateway",
                        "-keyalg",
                        "EC",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        file.toString(),
                        "-storepass",
                        new String(PASSWORD)))
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(new String(process.getInputStream().readAllBytes()))
                .isZero();
        store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        server.close();
    }

    @Test
    void speaksHttpsToAGatewayWhoseCertificateNamesItsHost() throws Exception {
        server = ScriptedHttpServer.tls(serverContext());
        server.answer(KeepAliveHttpTest.ok("{\"success\":true}"), KeepAliveHttpTest.ok("again"));
        URI base = URI.create("https://localhost:" + server.port());
        http = new KeepAliveHttp(base, trustingContext(), TIMEOUT);

        HttpAnswer answer = http.send(HttpRequest.newBuilder(base.resolve("/api/token/1"))
                .timeout(TIMEOUT)
                .build());
        HttpAnswer second = http.send(HttpRequest.newBuilder(base.resolve("/api/token/1"))
                .timeout(TIMEOUT)
                .build());

        assertThat(KeepAliveHttpTest.text(answer.body())).isEqualTo("{\"success\":true}");
        assertThat(KeepAliveHttpTest.text(second.body())).isEqualTo("again");
        assertThat(server.requests().get(0))
                .startsWith("GET /api/token/1 HTTP/1.1\r\n")
                .contains("\r\nHost: localhost:" + server.port() + "\r\n");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void refusesACertificateMadeForAnotherName() throws Exception {
        server = ScriptedHttpServer.tls(serverContext());
        URI byAddress = URI.create("https://127.0.0.1:" + server.port());
        http = new KeepAliveHttp(byAddress, trustingContext(), TIMEOUT);

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(byAddress.resolve("/"))
                        .timeout(TIMEOUT)
                        .build()))
                .isInstanceOf(SSLHandshakeException.class);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void refusesACertificateItDoesNotTrust() throws Exception {
        server = ScriptedHttpServer.tls(serverContext());
        URI base = URI.create("https://localhost:" + server.port());
        http = new KeepAliveHttp(base, SSLContext.getDefault(), TIMEOUT);

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(base.resolve("/"))
                        .timeout(TIMEOUT)
                        .build()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    private static SSLContext serverContext() throws GeneralSecurityException, IOException {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        return context;
    }

    private static SSLContext trustingContext() throws GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
