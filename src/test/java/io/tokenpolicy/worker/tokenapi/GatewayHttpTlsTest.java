package io.tokenpolicy.worker.tokenapi;

import static io.tokenpolicy.worker.tokenapi.GatewayHttpTest.get;
import static io.tokenpolicy.worker.tokenapi.GatewayHttpTest.ok;
import static io.tokenpolicy.worker.tokenapi.GatewayHttpTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpolicy.worker.fixtures.RunsBesideOthers;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@link GatewayHttp} over TLS to a gateway whose certificate a private CA issued (made by the
 * JDK's keytool), trusted through a Spring Boot SSL bundle as an operator configures one.
 */
@RunsBesideOthers
class GatewayHttpTlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path keys;

    private static PrivateCa ca;
    private static Path gateway;
    private static Path worker;

    private ScriptedHttpServer server;
    private GatewayHttp http;

    @BeforeAll
    static void makeTheCaAndItsCertificates() throws Exception {
        ca = PrivateCa.in(keys);
        gateway = ca.issue("gateway", "dns:localhost", "dns:gateway.test");
        worker = ca.issue("worker");
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        server.close();
    }

    @Test
    void aGatewayCertifiedByAPrivateCaIsTrustedThroughAnSslBundle() throws Exception {
        server = ScriptedHttpServer.tls(ca.serverContext(gateway), false);
        server.answer(ok("{\"success\":true}"));
        http = new GatewayHttp(TIMEOUT, TIMEOUT, 4, caBundle());

        HttpAnswer answer = http.send(get(URI.create("https://localhost:" + server.port() + "/api/token/1")));

        assertThat(text(answer.body())).isEqualTo("{\"success\":true}");
        assertThat(server.requests().get(0)).startsWith("GET /api/token/1 HTTP/1.1\r\n");
    }

    @Test
    void withoutTheBundleThePrivateCaIsNotTrusted() throws Exception {
        server = ScriptedHttpServer.tls(ca.serverContext(gateway), false);
        http = new GatewayHttp(TIMEOUT, TIMEOUT, 4, null);

        assertThatThrownBy(() -> http.send(get(URI.create("https://localhost:" + server.port() + "/"))))
                .isInstanceOf(SSLException.class);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aCertificateMadeForAnotherNameIsRefused() throws Exception {
        server = ScriptedHttpServer.tls(ca.serverContext(gateway), false);
        http = new GatewayHttp(TIMEOUT, TIMEOUT, 4, caBundle());

        assertThatThrownBy(() -> http.send(get(URI.create("https://127.0.0.1:" + server.port() + "/"))))
                .isInstanceOf(SSLException.class);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aClientCertificateFromTheBundleIsShownToAGatewayThatAsksForOne() throws Exception {
        server = ScriptedHttpServer.tls(ca.serverContext(gateway), true);
        server.answer(ok("{\"success\":true}"));
        http = new GatewayHttp(
                TIMEOUT,
                TIMEOUT,
                4,
                bundle(
                        "spring.ssl.bundle.jks.gateway.keystore.location=file:" + worker,
                        "spring.ssl.bundle.jks.gateway.keystore.password=" + PrivateCa.PASSWORD,
                        "spring.ssl.bundle.jks.gateway.keystore.type=PKCS12",
                        "spring.ssl.bundle.jks.gateway.truststore.location=file:" + ca.trustStore(),
                        "spring.ssl.bundle.jks.gateway.truststore.password=" + PrivateCa.PASSWORD,
                        "spring.ssl.bundle.jks.gateway.truststore.type=PKCS12"));

        HttpAnswer answer = http.send(get(URI.create("https://localhost:" + server.port() + "/api/token/1")));

        assertThat(text(answer.body())).isEqualTo("{\"success\":true}");
    }

    @Test
    void withoutAClientCertificateAGatewayThatAsksForOneIsNotReached() throws Exception {
        server = ScriptedHttpServer.tls(ca.serverContext(gateway), true);
        http = new GatewayHttp(TIMEOUT, TIMEOUT, 4, caBundle());

        assertThatThrownBy(() -> http.send(get(URI.create("https://localhost:" + server.port() + "/"))))
                .isInstanceOf(IOException.class);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void anHttpsGatewayIsReachedThroughATunnelOfTheProxyTheJvmIsToldOf() throws Exception {
        server = ScriptedHttpServer.tls(ca.serverContext(gateway), false);
        server.answer(ok("{\"success\":true}"));
        http = new GatewayHttp(TIMEOUT, TIMEOUT, 4, caBundle());
        try (TestProxy proxy = new TestProxy();
                SystemProperties ignored = SystemProperties.set(
                        "https.proxyHost", "127.0.0.1", "https.proxyPort", Integer.toString(proxy.port()))) {

            HttpAnswer answer = http.send(get(URI.create("https://gateway.test:" + server.port() + "/api/token/1")));

            assertThat(text(answer.body())).isEqualTo("{\"success\":true}");
            assertThat(proxy.requestLines()).containsExactly("CONNECT gateway.test:" + server.port() + " HTTP/1.1");
            assertThat(server.requests().get(0)).startsWith("GET /api/token/1 HTTP/1.1\r\n");
        }
    }

    private static SslBundle caBundle() {
        return bundle("spring.ssl.bundle.pem.gateway.truststore.certificate=file:" + ca.caPem());
    }

    /** The bundle {@code gateway} as Spring Boot makes it from these properties. */
    private static SslBundle bundle(String... properties) {
        AtomicReference<SslBundle> bundle = new AtomicReference<>();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues(properties)
                .run(context -> bundle.set(context.getBean(SslBundles.class).getBundle("gateway")));
        return bundle.get();
    }
}
