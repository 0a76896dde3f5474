package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenpolicy.worker.config.GatewayDialect;
import io.tokenpolicy.worker.config.ModelLimitsFormat;
import io.tokenpolicy.worker.policy.TokenState;
import org.junit.jupiter.api.Test;

/**
 * The gateway's token API (docs/operations.md), newer servers: {@code auto_groups} has partial semantics: "omitted from a PUT, the stored value
 * is kept; sent, it is validated (count, duplicates, every group selectable by the user). Echoing it back makes every
 * PUT of that token fail once an admin changes which groups are selectable: send it only to change it." The full PUT
 * is the token as read with the changed fields replaced, so {@code auto_groups} goes back every time: once an admin
 * changes the selectable groups, every top-up of such a token is refused (REJECTED, parked, and refused again on
 * replay), and every narrowing turns into a disable.
 */
class AutoGroupsNotEchoedTest {

    private static final TokenDialect NEW_API = TokenDialect.of(GatewayDialect.NEW_API, ModelLimitsFormat.AS_STORED);

    @Test
    void aTopUpsFullPutDoesNotSendAutoGroupsItDoesNotChange() throws Exception {
        ObjectNode read = (ObjectNode) new ObjectMapper()
                .readTree("{\"id\":42,\"user_id\":7,\"status\":1,\"name\":\"ci\",\"remain_quota\":100,"
                        + "\"used_quota\":0,\"unlimited_quota\":false,\"expired_time\":-1,"
                        + "\"model_limits_enabled\":false,\"model_limits\":\"\",\"allow_ips\":\"\","
                        + "\"group\":\"auto\",\"cross_group_retry\":true,\"auto_groups\":[\"default\",\"vip\"]}");
        TokenState toppedUp = TokenJson.stateOf(read, NEW_API).withRemainQuota(600);

        ObjectNode body = TokenJson.withChanges(read, toppedUp, NEW_API);

        assertThat(body.path("remain_quota").asLong()).isEqualTo(600);
        assertThat(body.has("auto_groups")).as("body sent: %s", body).isFalse();
    }

    @Test
    void everyOtherFieldIsCarriedBackAsRead() throws Exception {
        ObjectNode read = (ObjectNode) new ObjectMapper()
                .readTree("{\"id\":42,\"user_id\":7,\"status\":1,\"name\":\"ci\",\"remain_quota\":100,"
                        + "\"used_quota\":0,\"unlimited_quota\":false,\"expired_time\":-1,"
                        + "\"model_limits_enabled\":false,\"model_limits\":\"\",\"allow_ips\":\"\","
                        + "\"group\":\"auto\",\"cross_group_retry\":true,\"a_forks_field\":{\"x\":1},"
                        + "\"auto_groups\":[\"default\"]}");
        TokenState toppedUp = TokenJson.stateOf(read, NEW_API).withRemainQuota(600);

        ObjectNode body = TokenJson.withChanges(read, toppedUp, NEW_API);

        ObjectNode expected = read.deepCopy().put("remain_quota", 600);
        expected.remove("auto_groups");
        assertThat(body.toString()).isEqualTo(expected.toString());
    }
}
