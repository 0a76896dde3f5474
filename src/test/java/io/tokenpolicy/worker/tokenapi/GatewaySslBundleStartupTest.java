package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenpolicy.worker.config.ConcurrencyProperties;
import io.tokenpolicy.worker.config.RateLimitProperties;
import io.tokenpolicy.worker.config.SecurityLaneProperties;
import io.tokenpolicy.worker.config.TokenApiProperties;
import io.tokenpolicy.worker.ops.RateLimitStatus;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code token-api.ssl-bundle} names a bundle of {@code spring.ssl.bundle.*}; one that is not there stops the start. */
class GatewaySslBundleStartupTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
            .withUserConfiguration(TokenApiConfiguration.class, Properties.class)
            .withBean(WorkerMetrics.class, () -> new WorkerMetrics(new SimpleMeterRegistry()))
            .withBean(RateLimitStatus.class, RateLimitStatus::new)
            .withPropertyValues("token-api.user-id=1", "token-api.access-token=test");

    @Test
    void aBundleThatIsNotConfiguredStopsTheStartNamingIt() {
        runner.withPropertyValues("token-api.base-url=https://gateway.test", "token-api.ssl-bundle=gateway")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .isInstanceOf(NoSuchSslBundleException.class)
                            .hasMessageContaining("'gateway'");
                });
    }

    @Test
    void aConfiguredBundleIsTakenUp() {
        runner.withPropertyValues(
                        "token-api.base-url=https://gateway.test",
                        "token-api.ssl-bundle=gateway",
                        "spring.ssl.bundle.jks.gateway.truststore.location=file:" + System.getProperty("java.home")
                                + "/lib/security/cacerts",
                        "spring.ssl.bundle.jks.gateway.truststore.password=changeit")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(TokenApiClient.class));
    }

    @Test
    void aBundleForAnHttpGatewayStopsTheStart() {
        runner.withPropertyValues("token-api.base-url=http://gateway.test", "token-api.ssl-bundle=gateway")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("token-api.ssl-bundle is for an https:// token-api.base-url"));
    }

    @EnableConfigurationProperties({
        TokenApiProperties.class,
        ConcurrencyProperties.class,
        RateLimitProperties.class,
        SecurityLaneProperties.class
    })
    static class Properties {}
}
