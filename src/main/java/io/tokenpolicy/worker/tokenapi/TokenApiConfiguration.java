package io.tokenpolicy.worker.tokenapi;

import io.tokenpolicy.worker.config.RateLimitProperties;
import io.tokenpolicy.worker.config.TokenApiProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TokenApiConfiguration {

    @Bean
    TokenApiClient tokenApiClient(TokenApiProperties api, RateLimitProperties rateLimit) {
        return new TokenApiClient(api.baseUrl(), AccessTokens.single(api.userId(), api.accessToken()),
                api.connectTimeout(), api.requestTimeout(), rateLimit.requests(), rateLimit.window());
    }
}
