package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.config.GatewayDialect;
import io.tokenpolicy.worker.config.ModelLimitsFormat;
import io.tokenpolicy.worker.policy.ModelLimits;
import io.tokenpolicy.worker.policy.TokenState;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gateway's token API, newer servers: "model_limits as a JSON-array string on new-api is split on commas like any
 * other string: ["a","b"] matches no model, so such a token admits nothing." The worker reads it as new-api does, and a
 * change writes new-api's own comma format; Crazyrouter, which documents the JSON array, keeps reading it as one.
 */
class NewApiModelLimitsTest {

    private static final String ARRAY = "[\"gpt-5.4\",\"claude-sonnet-4-6\"]";

    @Test
    void onNewApiAJsonArrayIsReadAsTheServerSplitsIt() throws Exception {
        TokenDialect newApi = TokenDialect.of(GatewayDialect.NEW_API, ModelLimitsFormat.AS_STORED);

        ModelLimits limits = newApi.modelLimits(token());

        assertThat(limits.enabled()).isTrue();
        assertThat(limits.models()).containsExactly("[\"gpt-5.4\"", "\"claude-sonnet-4-6\"]");
    }

    @Test
    void onNewApiAChangeWritesTheServersCommaFormat() throws Exception {
        TokenDialect newApi = TokenDialect.of(GatewayDialect.NEW_API, ModelLimitsFormat.AS_STORED);
        ObjectNode read = token();
        TokenState narrowed = TokenJson.stateOf(read, newApi).withModelLimits(ModelLimits.only(List.of("gpt-5.4")));

        ObjectNode body = TokenJson.withChanges(read, narrowed, newApi);

        assertThat(body.path("model_limits").asText()).isEqualTo("gpt-5.4");
    }

    @Test
    void crazyrouterKeepsReadingTheJsonArray() throws Exception {
        TokenDialect crazyrouter = TokenDialect.of(GatewayDialect.CRAZYROUTER, ModelLimitsFormat.AS_STORED);

        assertThat(crazyrouter.modelLimits(token()).models()).containsExactly("gpt-5.4", "claude-sonnet-4-6");
    }

    @ParameterizedTest
    @EnumSource(
            value = GatewayDialect.class,
            names = {"NEW_API", "ONE_API"})
    void aJsonArrayFormatCannotBeConfiguredForAServerThatSplitsOnCommas(GatewayDialect dialect) {
        assertThatThrownBy(() -> TokenDialect.of(dialect, ModelLimitsFormat.JSON_ARRAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("splits its model list on commas");
    }

    private static ObjectNode token() throws Exception {
        ObjectNode token = (ObjectNode) new ObjectMapper()
                .readTree("{\"id\":42,\"user_id\":7,\"status\":1,\"remain_quota\":100,\"model_limits_enabled\":true}");
        return token.put("model_limits", ARRAY);
    }
}
