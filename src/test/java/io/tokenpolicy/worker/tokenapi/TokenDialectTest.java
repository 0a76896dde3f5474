package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.apply.PermanentGatewayException;
import io.tokenpolicy.worker.config.GatewayDialect;
import io.tokenpolicy.worker.config.ModelLimitsFormat;
import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.ModelLimits;
import java.net.URI;
import java.util.List;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenDialectTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenDialect NEW_API = dialect(GatewayDialect.NEW_API, ModelLimitsFormat.AS_STORED);
    private static final TokenDialect CRAZYROUTER = dialect(GatewayDialect.CRAZYROUTER, ModelLimitsFormat.AS_STORED);
    private static final TokenDialect ONE_API = dialect(GatewayDialect.ONE_API, ModelLimitsFormat.AS_STORED);

    @ParameterizedTest
    @ValueSource(strings = {"gpt-5.4,claude-sonnet-4-6", "[\"gpt-5.4\",\"claude-sonnet-4-6\"]"})
    void modelLimitsRoundTripInTheFormatTheTokenUses(String stored) {
        ObjectNode token = token().put("model_limits_enabled", true).put("model_limits", stored);

        ModelLimits read = CRAZYROUTER.modelLimits(token);
        ObjectNode body = token.deepCopy();
        CRAZYROUTER.putModelLimits(body, read);

        assertThat(read).isEqualTo(new ModelLimits(true, List.of("gpt-5.4", "claude-sonnet-4-6")));
        assertThat(body.path("model_limits").asText()).isEqualTo(stored);
    }

    @Test
    void narrowedModelLimitsKeepTheStoredFormat() {
        ObjectNode commas = token().put("model_limits", "a,b,c");
        ObjectNode array = token().put("model_limits", "[\"a\",\"b\",\"c\"]");

        NEW_API.putModelLimits(commas, new ModelLimits(true, List.of("b")));
        CRAZYROUTER.putModelLimits(array, new ModelLimits(true, List.of("b", "c")));

        assertThat(commas.path("model_limits").asText()).isEqualTo("b");
        assertThat(array.path("model_limits").asText()).isEqualTo("[\"b\",\"c\"]");
    }

    @Test
    void aTokenWithoutModelLimitsGetsTheDialectsFormat() {
        ObjectNode upstream = token().put("model_limits", "");
        ObjectNode hosted = token().put("model_limits", "");

        NEW_API.putModelLimits(upstream, new ModelLimits(true, List.of("a", "b")));
        CRAZYROUTER.putModelLimits(hosted, new ModelLimits(true, List.of("a", "b")));

        assertThat(upstream.path("model_limits").asText()).isEqualTo("a,b");
        assertThat(hosted.path("model_limits").asText()).isEqualTo("[\"a\",\"b\"]");
        assertThat(hosted.path("model_limits_enabled").asBoolean()).isTrue();
    }

    @Test
    void aConfiguredFormatWinsOverTheStoredOne() {
        TokenDialect alwaysArrays = dialect(GatewayDialect.CRAZYROUTER, ModelLimitsFormat.JSON_ARRAY);
        ObjectNode token = token().put("model_limits", "a,b");

        alwaysArrays.putModelLimits(token, new ModelLimits(true, List.of("a")));

        assertThat(token.path("model_limits").asText()).isEqualTo("[\"a\"]");
    }

    @Test
    void upstreamModelNamesAreSplitAsTheServerSplitsThem() {
        assertThat(ModelListFormat.COMMA_SEPARATED.parse("a, b,")).containsExactly("a", " b");
        assertThat(ModelListFormat.JSON_ARRAY.parse("[\"a\", \"\"]")).containsExactly("a");
        assertThat(ModelListFormat.of("  [\"a\"]")).isEqualTo(ModelListFormat.JSON_ARRAY);
        assertThat(ModelListFormat.of("")).isNull();
    }

    @Test
    void modelLimitsThatOnlyLookLikeAnArrayAreSplitAsTheServerSplitsAnyValue() {
        assertThat(ModelListFormat.JSON_ARRAY.parse("[\"gpt-5.4\",\"o3")).containsExactly("[\"gpt-5.4\"", "\"o3");
        assertThat(ModelListFormat.JSON_ARRAY.parse("[{}")).containsExactly("[{}");
    }

    @Test
    void oneApiModelsAsAJsonArrayAreSplitOnCommasAsOneApiSplitsThemAndWrittenWithCommas() {
        ObjectNode body = token().put("models", "[\"a\",\"b\"]");

        ModelLimits read = ONE_API.modelLimits(body);
        ONE_API.putModelLimits(body, new ModelLimits(true, List.of("a")));

        assertThat(read).isEqualTo(new ModelLimits(true, List.of("[\"a\"", "\"b\"]")));
        assertThat(body.path("models").asText()).isEqualTo("a");
    }

    @Test
    void oneApiModelsRestrictWhenNotEmptyAndCannotForbidEverything() {
        ModelLimits read = ONE_API.modelLimits(token().put("models", "a,b"));
        ObjectNode body = token().put("models", "a,b");

        ONE_API.putModelLimits(body, new ModelLimits(true, List.of("a")));

        assertThat(read).isEqualTo(new ModelLimits(true, List.of("a", "b")));
        assertThat(body.path("models").asText()).isEqualTo("a");
        assertThat(body.has("model_limits_enabled")).isFalse();
        assertThatThrownBy(() -> ONE_API.putModelLimits(body, new ModelLimits(true, List.of())))
                .isInstanceOf(PermanentGatewayException.class);
    }

    @Test
    void oneApiSubnetIsReadAsCommaSeparatedCidrsAndWrittenSo() {
        ObjectNode token = token().put("subnet", "10.0.0.0/8, 2001:db8::/32");

        AllowIps read = ONE_API.allowIps(token);
        ONE_API.putAllowIps(token, AllowIps.of(List.of("10.1.2.3", "2001:db8::1", "10.2.0.0/16")));

        assertThat(read.entries()).containsExactlyInAnyOrder("10.0.0.0/8", "2001:db8::/32");
        assertThat(token.path("subnet").asText()).isEqualTo("10.1.2.3/32,10.2.0.0/16,2001:db8::1/128");
        assertThat(token.has("allow_ips")).isFalse();
    }

    @Test
    void oneApiBareAddressAdmitsNoOneAsTheServerReadsIt() {
        AllowIps read = ONE_API.allowIps(token().put("subnet", "10.1.2.3"));

        assertThat(read.isUnrestricted()).isFalse();
        assertThat(read.entries()).isEmpty();
    }

    @Test
    void newApiAllowIpsAreOneEntryPerLine() {
        ObjectNode token = token().put("allow_ips", "10.0.0.0/8\n192.168.1.10");

        AllowIps read = NEW_API.allowIps(token);
        NEW_API.putAllowIps(token, AllowIps.of(List.of("10.1.0.0/16", "192.168.1.10")));

        assertThat(read.entries()).containsExactly("10.0.0.0/8", "192.168.1.10");
        assertThat(token.path("allow_ips").asText()).isEqualTo("10.1.0.0/16\n192.168.1.10");
    }

    @ParameterizedTest
    @EnumSource(GatewayDialect.class)
    void onlyOneApiGoesWithoutTheUserHeader(GatewayDialect gateway) {
        HttpUriRequestBase request = new HttpUriRequestBase("GET", URI.create("http://gateway/api/token/1"));
        dialect(gateway, ModelLimitsFormat.AS_STORED).identify(request, 9);

        assertThat(request.getHeaders("New-Api-User"))
                .extracting(header -> header.getValue())
                .isEqualTo(gateway == GatewayDialect.ONE_API ? List.of() : List.of("9"));
    }

    private static TokenDialect dialect(GatewayDialect gateway, ModelLimitsFormat format) {
        return TokenDialect.of(gateway, format);
    }

    private static ObjectNode token() {
        return JSON.createObjectNode().put("id", 1).put("status", 1).put("remain_quota", 10);
    }
}
