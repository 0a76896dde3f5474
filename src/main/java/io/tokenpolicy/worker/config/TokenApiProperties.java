package io.tokenpolicy.worker.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's token API and the user the worker acts as.
 *
 * @param baseUrl        the gateway's root, e.g. {@code http://localhost:3000}
 * @param userId         the gateway user whose tokens the worker changes ({@code New-Api-User})
 * @param accessToken    that user's access token (not an {@code sk-} key); never logged
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for an answer to one call
 */
@Validated
@ConfigurationProperties("token-api")
public record TokenApiProperties(
        @NotNull URI baseUrl,
        @NotNull @Positive Long userId,
        @NotBlank String accessToken,
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("10s") @NotNull Duration requestTimeout) {

    public TokenApiProperties {
        if (baseUrl != null && !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
            throw new IllegalArgumentException("token-api.base-url must be an http:// or https:// URL");
        }
        if (baseUrl != null && baseUrl.getHost() == null) {
            throw new IllegalArgumentException("token-api.base-url must name a host");
        }
    }

    @Override
    public String toString() {
        return "TokenApiProperties[baseUrl=" + baseUrl + ", userId=" + userId + ", accessToken=(hidden)"
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + "]";
    }
}
