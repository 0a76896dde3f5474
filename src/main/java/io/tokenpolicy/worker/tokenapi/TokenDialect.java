package io.tokenpolicy.worker.tokenapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.apply.PermanentGatewayException;
import io.tokenpolicy.worker.config.GatewayDialect;
import io.tokenpolicy.worker.config.ModelLimitsFormat;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.ModelLimits;
import java.util.List;
import java.util.Locale;
import org.apache.hc.core5.http.HttpMessage;

/**
 * Everything in which the gateways of the new-api family differ on the wire, in one place: the
 * names of the model-limit and allow-list fields, their formats, whether tokens have a group, and the user header.
 * The client reads and writes those fields only through this.
 *
 * @param modelsField      {@code model_limits} or one-api's {@code models}
 * @param enabledField     {@code model_limits_enabled}, or {@code null} where a non-empty list is the switch
 * @param allowIpsField    {@code allow_ips} or one-api's {@code subnet}
 * @param allowIpsFormat   how the allow list is stored
 * @param defaultModels    the model list format for a token that has none stored yet
 * @param configuredModels the model list format to always write, or {@code null} to keep the stored one
 * @param modelsAsStored   whether the server reads a stored model list in the format it has (Crazyrouter's JSON
 *                         array), or splits every value on commas (upstream new-api and one-api: a JSON array is
 *                         read as names like {@code ["a"}, which match no model)
 * @param groups           whether tokens have a {@code group} (one-api's have none)
 * @param userHeader       whether calls carry {@code New-Api-User}
 * @param firstPage        the number of the first page of the token list (one-api counts from 0)
 */
record TokenDialect(
        String modelsField,
        String enabledField,
        String allowIpsField,
        AllowIpsFormat allowIpsFormat,
        ModelListFormat defaultModels,
        ModelListFormat configuredModels,
        boolean modelsAsStored,
        boolean groups,
        boolean userHeader,
        int firstPage) {

    /**
     * The dialect of {@code dialect}, writing model lists in {@code format}; upstream new-api reads only its own
     * comma-separated lists, and one-api the same, so a JSON array is refused for both.
     */
    static TokenDialect of(GatewayDialect dialect, ModelLimitsFormat format) {
        if (dialect != GatewayDialect.CRAZYROUTER && format == ModelLimitsFormat.JSON_ARRAY) {
            throw new IllegalArgumentException("token-api.model-limits-format json-array cannot be used with dialect "
                    + dialect.name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + ": it splits its model list on commas, so a JSON array admits no model");
        }
        ModelListFormat configured =
                switch (format) {
                    case AS_STORED -> null;
                    case COMMA_SEPARATED -> ModelListFormat.COMMA_SEPARATED;
                    case JSON_ARRAY -> ModelListFormat.JSON_ARRAY;
                };
        return switch (dialect) {
            case NEW_API ->
                new TokenDialect(
                        "model_limits",
                        "model_limits_enabled",
                        "allow_ips",
                        AllowIpsFormat.LINES,
                        ModelListFormat.COMMA_SEPARATED,
                        configured,
                        false,
                        true,
                        true,
                        1);
            case CRAZYROUTER ->
                new TokenDialect(
                        "model_limits",
                        "model_limits_enabled",
                        "allow_ips",
                        AllowIpsFormat.LINES,
                        ModelListFormat.JSON_ARRAY,
                        configured,
                        true,
                        true,
                        true,
                        1);
            case ONE_API ->
                new TokenDialect(
                        "models",
                        null,
                        "subnet",
                        AllowIpsFormat.COMMA_SEPARATED_CIDRS,
                        ModelListFormat.COMMA_SEPARATED,
                        configured,
                        false,
                        false,
                        false,
                        0);
        };
    }

    /** The token's allow list, as the gateway enforces it. */
    AllowIps allowIps(ObjectNode token) {
        return AllowIps.fromGatewayText(allowIpsFormat.toLines(textOrNull(token.get(allowIpsField))));
    }

    void putAllowIps(ObjectNode body, AllowIps allowIps) {
        body.put(allowIpsField, allowIpsFormat.render(allowIps));
    }

    /** The token's model limits, as the server reads them. */
    ModelLimits modelLimits(ObjectNode token) {
        String stored = token.path(modelsField).asText("");
        ModelListFormat format = storedFormat(stored);
        List<String> models = format == null ? List.of() : format.parse(stored);
        boolean enabled = enabledField == null
                ? !models.isEmpty()
                : token.path(enabledField).asBoolean(false);
        return new ModelLimits(enabled, models);
    }

    /** Writes {@code limits} into {@code body}, in the configured format or else the one {@code body} holds. */
    void putModelLimits(ObjectNode body, ModelLimits limits) {
        if (enabledField == null && limits.enabled() && limits.models().isEmpty()) {
            throw new PermanentGatewayException("this gateway reads an empty model list as no limit:"
                    + " forbidding every model takes disabling the token");
        }
        ModelListFormat stored = storedFormat(body.path(modelsField).asText(""));
        ModelListFormat format = configuredModels != null ? configuredModels : stored != null ? stored : defaultModels;
        body.put(modelsField, format.render(limits.models()));
        if (enabledField != null) {
            body.put(enabledField, limits.enabled());
        }
    }

    /** The format the server reads {@code stored} in; {@code null} when it is empty and so tells nothing. */
    private ModelListFormat storedFormat(String stored) {
        ModelListFormat format = ModelListFormat.of(stored);
        return format == null || modelsAsStored ? format : ModelListFormat.COMMA_SEPARATED;
    }

    /** Writes {@code group} into {@code body}; refused where tokens have no group, so that it is never reported made. */
    void putGroup(ObjectNode body, String group) {
        if (!groups) {
            throw new PermanentGatewayException(
                    "this gateway (one-api) has no token groups: the group cannot be set to '" + group + "'");
        }
        body.put("group", group);
    }

    /** Adds the caller's identity beyond the access token, where the gateway wants it. */
    void identify(HttpMessage request, long userId) {
        if (userHeader) {
            request.addHeader("New-Api-User", Long.toString(userId));
        }
    }

    private static String textOrNull(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }
}
