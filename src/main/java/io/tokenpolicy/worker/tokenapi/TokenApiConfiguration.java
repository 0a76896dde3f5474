package io.tokenpolicy.worker.tokenapi;

import io.tokenpolicy.worker.apply.CallAdmission;
import io.tokenpolicy.worker.config.ConcurrencyProperties;
import io.tokenpolicy.worker.config.RateLimitProperties;
import io.tokenpolicy.worker.config.SecurityLaneProperties;
import io.tokenpolicy.worker.config.TokenApiProperties;
import io.tokenpolicy.worker.ops.RateLimitStatus;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TokenApiConfiguration {

    @Bean
    LimitShare rateLimitShare(RateLimitProperties rateLimit) {
        return new LimitShare(rateLimit.requests(), rateLimit.window(), rateLimit.scope(), System::nanoTime);
    }

    @Bean
    GatewayRateLimit gatewayRateLimit(
            RateLimitProperties rateLimit,
            SecurityLaneProperties securityLane,
            LimitShare share,
            RateLimitStatus status) {
        return new GatewayRateLimit(
                new LanePermits(rateLimit.requests(), securityLane.reservedShare()),
                share,
                rateLimit.window(),
                System::nanoTime,
                status);
    }

    @Bean
    CallAdmission gatewayAdmission(
            GatewayRateLimit rateLimit,
            ConcurrencyProperties concurrency,
            SecurityLaneProperties securityLane,
            WorkerMetrics metrics) {
        return new MeteredAdmission(
                new GatewayAdmission(
                        rateLimit, new LanePermits(concurrency.maxInFlight(), securityLane.reservedShare())),
                metrics);
    }

    @Bean
    TokenApiClient tokenApiClient(
            TokenApiProperties api,
            ConcurrencyProperties concurrency,
            ObjectProvider<SslBundles> sslBundles,
            GatewayRateLimit rateLimit,
            Supplier<AccessTokens> users,
            WorkerMetrics metrics) {
        SslBundle tls = api.sslBundle() == null ? null : sslBundles.getObject().getBundle(api.sslBundle());
        return new TokenApiClient(
                api.baseUrl(),
                users,
                TokenDialect.of(api.dialect(), api.modelLimitsFormat()),
                new GatewayHttp(api.connectTimeout(), api.requestTimeout(), concurrency.maxInFlight(), tls),
                rateLimit,
                metrics);
    }

    @Bean
    Supplier<AccessTokens> gatewayUsers(TokenApiProperties api) {
        if (api.credentialsFile() != null) {
            return new ReloadingCredentials(api.credentialsFile(), api.credentialsPollInterval());
        }
        AccessTokens single = AccessTokens.single(api.userId(), api.accessToken());
        return () -> single;
    }
}
