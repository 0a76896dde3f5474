package io.tokenpolicy.worker.tokenapi;

import io.tokenpolicy.worker.text.HeaderValue;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a credentials file: YAML, or JSON (which is YAML too), listing gateway users and their
 * access tokens. Errors name the entry and the field, never a value: a parser's own message
 * quotes the line it failed on, which may hold a token, so it is never passed on.
 *
 * <pre>
 * users:
 *   - user_id: 1
 *     access_token: "..."
 * </pre>
 */
final class CredentialsFile {

    private static final Set<String> ENTRY_FIELDS = Set.of("user_id", "access_token");

    private CredentialsFile() {}

    static AccessTokens parse(byte[] content) {
        Object root = load(content);
        if (!(root instanceof Map<?, ?> document) || !(document.get("users") instanceof List<?> users)) {
            throw new InvalidCredentialsException("the file must hold a 'users' list");
        }
        if (document.size() != 1) {
            throw new InvalidCredentialsException("the file may hold only the 'users' list");
        }
        if (users.isEmpty()) {
            throw new InvalidCredentialsException("'users' is empty");
        }
        Map<Long, String> byUserId = new HashMap<>();
        for (int i = 0; i < users.size(); i++) {
            add(byUserId, users.get(i), "users[" + i + "]");
        }
        return AccessTokens.of(byUserId);
    }

    private static void add(Map<Long, String> byUserId, Object entry, String where) {
        if (!(entry instanceof Map<?, ?> fields) || !ENTRY_FIELDS.containsAll(fields.keySet())) {
            throw new InvalidCredentialsException(where + " must have exactly the fields user_id and access_token");
        }
        if (!(fields.get("user_id") instanceof Number number)
                || number.longValue() <= 0
                || number instanceof Double
                || number instanceof Float) {
            throw new InvalidCredentialsException(where + ".user_id must be a positive integer");
        }
        if (!(fields.get("access_token") instanceof String token) || token.isBlank()) {
            throw new InvalidCredentialsException(where + ".access_token must be a non-empty string");
        }
        if (!HeaderValue.fits(token.strip())) {
            throw new InvalidCredentialsException(where + ".access_token may hold only visible ASCII characters");
        }
        if (byUserId.put(number.longValue(), token.strip()) != null) {
            throw new InvalidCredentialsException(where + ".user_id " + number.longValue() + " appears twice");
        }
    }

    private static Object load(byte[] content) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        try {
            return new Yaml(new SafeConstructor(options)).load(new String(content, StandardCharsets.UTF_8));
        } catch (MarkedYAMLException malformed) {
            Mark mark = malformed.getProblemMark();
            throw new InvalidCredentialsException("not valid YAML or JSON"
                    + (mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)));
        } catch (YAMLException malformed) {
            throw new InvalidCredentialsException("not valid YAML or JSON");
        }
    }

    /** What is wrong with a credentials file, without any of its values. */
    static final class InvalidCredentialsException extends RuntimeException {

        InvalidCredentialsException(String message) {
            super(message, null, false, false);
        }
    }
}
