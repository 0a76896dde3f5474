package io.tokenpolicy.worker.gatewaycontract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The gateway the contract is run against: its root URL, the user whose scratch token it makes, and that user's
 * access token, which is never shown (not in {@link #toString()}, not in the report).
 *
 * @param baseUrl the gateway's root URL, without a trailing slash
 * @param userId the gateway user ({@code New-Api-User})
 * @param accessToken that user's access token
 */
record GatewayUnderTest(String baseUrl, long userId, String accessToken) {

    static final String USAGE = "run: GATEWAY_ACCESS_TOKEN=... ./mvnw -Pgateway-contract verify"
            + " -Dgateway.url=https://gateway.example.com -Dgateway.user=USER_ID"
            + " (or -Dgateway.token-file=FILE instead of GATEWAY_ACCESS_TOKEN)";

    GatewayUnderTest {
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /**
     * The gateway named by {@code gateway.url} and {@code gateway.user}, with the access token from the file
     * {@code gateway.token-file} or the environment's {@code GATEWAY_ACCESS_TOKEN}; never from a property, which a
     * command line would show.
     */
    static GatewayUnderTest of(Properties properties, Map<String, String> environment) {
        String url = setting(properties, "gateway.url");
        if (url.isEmpty()) {
            throw new IllegalStateException("gateway.url is not set: no gateway to check; " + USAGE);
        }
        URI.create(url);
        if (!setting(properties, "gateway.token").isEmpty()) {
            throw new IllegalStateException("gateway.token is refused: a command line shows it to everyone on the"
                    + " machine; put the access token in GATEWAY_ACCESS_TOKEN or a file named by gateway.token-file");
        }
        String user = setting(properties, "gateway.user");
        if (!user.matches("[0-9]{1,18}")) {
            throw new IllegalStateException("gateway.user must be the numeric id of the gateway user; " + USAGE);
        }
        return new GatewayUnderTest(url, Long.parseLong(user), accessToken(properties, environment));
    }

    private static String accessToken(Properties properties, Map<String, String> environment) {
        String file = setting(properties, "gateway.token-file");
        String token = file.isEmpty() ? environment.getOrDefault("GATEWAY_ACCESS_TOKEN", "") : read(Path.of(file));
        if (token.isBlank()) {
            throw new IllegalStateException(
                    "no access token: set GATEWAY_ACCESS_TOKEN or gateway.token-file; " + USAGE);
        }
        return token.strip();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read gateway.token-file " + file, ex);
        }
    }

    private static String setting(Properties properties, String name) {
        return properties.getProperty(name, "").strip();
    }

    @Override
    public String toString() {
        return baseUrl + " as user " + userId;
    }
}
