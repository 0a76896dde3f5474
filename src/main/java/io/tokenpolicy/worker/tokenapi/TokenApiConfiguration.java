package io.tokenpolicy.worker.tokenapi;

import io.tokenpolicy.worker.config.RateLimitProperties;
import io.tokenpolicy.worker.config.TokenApiProperties;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TokenApiConfiguration {

    @Bean
    TokenApiClient tokenApiClient(TokenApiProperties api, RateLimitProperties rateLimit, WorkerMetrics metrics) {
        return new TokenApiClient(api.baseUrl(), AccessTokens.single(api.userId(), api.accessToken()),
                api.connectTimeout(), api.requestTimeout(), rateLimit.requests(), rateLimit.window(), metrics);
    }
}
