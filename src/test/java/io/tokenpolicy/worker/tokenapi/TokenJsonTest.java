package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.config.GatewayDialect;
import io.tokenpolicy.worker.config.ModelLimitsFormat;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A token a fork stores differently can still be read well enough to be disabled. */
class TokenJsonTest {

    private static final TokenDialect NEW_API = TokenDialect.of(GatewayDialect.NEW_API, ModelLimitsFormat.AS_STORED);

    @ParameterizedTest
    @ValueSource(strings = {"0", "5", "\"enabled\"", "null", "1.5"})
    void aStatusTheWorkerDoesNotKnowReadsAsEnabledAndMarksTheTokenUnreadable(String status) throws Exception {
        ObjectNode token = token("{\"id\":7,\"status\":" + status + ",\"remain_quota\":100}");

        TokenState state = TokenJson.stateOf(token, NEW_API);

        assertThat(state.status()).isEqualTo(TokenStatus.ENABLED);
        assertThat(state.remainQuota()).isEqualTo(100);
        assertThat(TokenJson.unreadable(token)).hasValue("the worker cannot read the token's status " + status);
    }

    @Test
    void aMissingRemainQuotaReadsAsZeroAndMarksTheTokenUnreadable() throws Exception {
        ObjectNode token = token("{\"id\":7,\"status\":1,\"unlimited_quota\":true}");

        assertThat(TokenJson.stateOf(token, NEW_API).remainQuota()).isZero();
        assertThat(TokenJson.unreadable(token)).hasValue("the worker cannot read the token's remain_quota (missing)");
    }

    @Test
    void aStatusCodeSentAsAStringIsRead() throws Exception {
        ObjectNode token = token("{\"id\":7,\"status\":\"2\",\"remain_quota\":100}");

        assertThat(TokenJson.stateOf(token, NEW_API).status()).isEqualTo(TokenStatus.DISABLED);
        assertThat(TokenJson.unreadable(token)).isEmpty();
    }

    private static ObjectNode token(String json) throws Exception {
        return (ObjectNode) new ObjectMapper().readTree(json);
    }
}
