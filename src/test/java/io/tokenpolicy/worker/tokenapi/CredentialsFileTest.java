package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CredentialsFileTest {

    private static final String SECRET = "secret-access-token-4711";

    @Test
    void readsUsersFromYaml() {
        AccessTokens tokens = parse("users:\n  - user_id: 1\n    access_token: alpha\n"
                + "  - user_id: 2\n    access_token: \"" + SECRET + "\"\n");

        assertThat(tokens.forUser(1)).contains("alpha");
        assertThat(tokens.forUser(2)).contains(SECRET);
        assertThat(tokens.forUser(3)).isEmpty();
    }

    @Test
    void readsUsersFromJson() {
        AccessTokens tokens = parse("{\"users\":[{\"user_id\":5,\"access_token\":\"" + SECRET + "\"}]}");

        assertThat(tokens.forUser(5)).contains(SECRET);
    }

    @Test
    void toStringNamesUsersButNoToken() {
        AccessTokens tokens =
                parse("users: [{user_id: 2, access_token: " + SECRET + "}, {user_id: 1, access_token: b}]");

        assertThat(tokens).hasToString("AccessTokens[users=[1, 2]]");
    }

    @Test
    void aSyntaxErrorNamesThePlaceButNotTheLine() {
        assertRefused(
                "users:\n  - user_id: 1\n    access_token: \"" + SECRET + "\n  - [", "not valid YAML or JSON at line");
    }

    @Test
    void aDuplicateUserIsRefused() {
        assertRefused(
                "users: [{user_id: 1, access_token: " + SECRET + "}, {user_id: 1, access_token: x}]",
                "users[1].user_id 1 appears twice");
    }

    @Test
    void aMisspelledFieldIsRefused() {
        assertRefused(
                "users: [{user_id: 1, acces_token: " + SECRET + "}]",
                "users[0] must have exactly the fields user_id and access_token");
    }

    @Test
    void aMissingOrEmptyTokenIsRefused() {
        assertRefused(
                "users: [{user_id: 1, access_token: \"  \"}]", "users[0].access_token must be a non-empty string");
        assertRefused("users: [{user_id: 1}]", "users[0].access_token must be a non-empty string");
    }

    @Test
    void aTokenThatAnHttpHeaderCannotCarryIsRefusedWithoutBeingQuoted() {
        assertThatThrownBy(() -> parse("users: [{user_id: 1, access_token: \"" + SECRET + "\\u0007x\"}]"))
                .hasMessageContaining("users[0].access_token may hold only visible ASCII characters")
                .hasMessageNotContaining(SECRET);
        assertRefused(
                "users: [{user_id: 1, access_token: \"t\u00e9st\"}]",
                "users[0].access_token may hold only visible ASCII characters");
    }

    @Test
    void aUserIdMustBeAPositiveInteger() {
        assertRefused(
                "users: [{user_id: -1, access_token: " + SECRET + "}]", "users[0].user_id must be a positive integer");
        assertRefused(
                "users: [{user_id: \"1\", access_token: " + SECRET + "}]",
                "users[0].user_id must be a positive integer");
        assertRefused(
                "users: [{user_id: 1.5, access_token: " + SECRET + "}]", "users[0].user_id must be a positive integer");
    }

    @Test
    void aFileWithoutUsersIsRefused() {
        assertRefused("", "the file must hold a 'users' list");
        assertRefused("users: []", "'users' is empty");
        assertRefused("users: [{user_id: 1, access_token: a}]\nextra: " + SECRET, "only the 'users' list");
    }

    private static void assertRefused(String content, String message) {
        assertThatThrownBy(() -> parse(content))
                .isInstanceOf(CredentialsFile.InvalidCredentialsException.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining(SECRET);
    }

    private static AccessTokens parse(String content) {
        return CredentialsFile.parse(content.getBytes(StandardCharsets.UTF_8));
    }
}
