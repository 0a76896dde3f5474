package io.tokenpolicy.worker.config;

import io.tokenpolicy.worker.text.HeaderValue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's token API and the users the worker acts for: one user from {@code user-id} and
 * {@code access-token}, or many from a credentials file.
 *
 * @param baseUrl                 the gateway's root, e.g. {@code http://localhost:3000}
 * @param userId                  the user of events that omit {@code user_id}; with {@code accessToken},
 *                                the one user the worker acts for
 * @param accessToken             that user's access token (not an {@code sk-} key); never logged
 * @param credentialsFile         a YAML or JSON file of user ids and their access tokens, read again
 *                                when it changes; instead of {@code accessToken}
 * @param credentialsPollInterval how often the credentials file is checked for changes
 * @param dialect                 which gateway family's field names and formats to speak
 * @param modelLimitsFormat       how model limits are written back
 * @param connectTimeout          how long to wait for a connection, TLS handshake included
 * @param requestTimeout          how long one call may take in all: connecting, sending and reading the answer
 * @param writeSettleTime         how long after the worker gave up on a write whose outcome is in doubt (timed out,
 *                                cut off once sent, a proxy's 502 or 504) it has surely landed or surely will not:
 *                                until then its token is neither read for new work nor written again, and a hand-over
 *                                does not let go of its partition; none: {@code requestTimeout}
 * @param sslBundle               the Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) that holds the trust
 *                                store and client certificate for an {@code https} gateway; none: the JVM's
 * @param quotaPerUnit            the gateway's {@code QuotaPerUnit} (quota to the dollar): its quota maximum is
 *                                {@code 1e9 ×} this
 */
@Validated
@ConfigurationProperties("token-api")
public record TokenApiProperties(
        @NotNull URI baseUrl,
        @Positive Long userId,
        String accessToken,
        Path credentialsFile,
        @DefaultValue("5s") @NotNull Duration credentialsPollInterval,
        @DefaultValue("new-api") @NotNull GatewayDialect dialect,
        @DefaultValue("as-stored") @NotNull ModelLimitsFormat modelLimitsFormat,
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("10s") @NotNull Duration requestTimeout,
        Duration writeSettleTime,
        String sslBundle,
        @DefaultValue("500000") @Positive double quotaPerUnit) {

    public TokenApiProperties {
        if (baseUrl != null && !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
            throw new IllegalArgumentException("token-api.base-url must be an http:// or https:// URL");
        }
        if (baseUrl != null && baseUrl.getHost() == null) {
            throw new IllegalArgumentException("token-api.base-url must name a host");
        }
        requireOneSourceOfCredentials(userId, accessToken, credentialsFile);
        if (sslBundle != null && baseUrl != null && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("token-api.ssl-bundle is for an https:// token-api.base-url");
        }
        if (writeSettleTime == null && requestTimeout != null) {
            writeSettleTime = writeSettleTimeFor(requestTimeout);
        }
        if (writeSettleTime != null && writeSettleTime.isNegative()) {
            throw new IllegalArgumentException("token-api.write-settle-time must not be negative");
        }
        if (credentialsPollInterval != null && credentialsPollInterval.toMillis() < 1) {
            throw new IllegalArgumentException("token-api.credentials-poll-interval must be at least 1ms");
        }
    }

    /**
     * The write settle time unless one is set: the request timeout, counted from when the worker gave up on the write,
     * so that a call that timed out has as long again after its deadline.
     */
    public static Duration writeSettleTimeFor(Duration requestTimeout) {
        return requestTimeout;
    }

    private static void requireOneSourceOfCredentials(Long userId, String accessToken, Path credentialsFile) {
        boolean single = accessToken != null && !accessToken.isBlank();
        if (single && credentialsFile != null) {
            throw new IllegalArgumentException(
                    "set either token-api.access-token or token-api.credentials-file, not both");
        }
        if (single && !HeaderValue.fits(accessToken)) {
            throw new IllegalArgumentException(
                    "token-api.access-token may hold only visible ASCII characters (no spaces or control characters)");
        }
        if (single && userId == null) {
            throw new IllegalArgumentException("token-api.access-token needs token-api.user-id");
        }
        if (!single && credentialsFile == null) {
            throw new IllegalArgumentException("set token-api.user-id and token-api.access-token (one gateway user)"
                    + " or token-api.credentials-file (many)");
        }
    }

    @Override
    public String toString() {
        return "TokenApiProperties[baseUrl=" + baseUrl + ", userId=" + userId + ", accessToken=(hidden)"
                + ", credentialsFile=" + credentialsFile + ", dialect=" + dialect + ", connectTimeout="
                + connectTimeout + ", requestTimeout=" + requestTimeout + ", writeSettleTime=" + writeSettleTime
                + ", sslBundle=" + sslBundle + ", quotaPerUnit="
                + quotaPerUnit + "]";
    }
}
