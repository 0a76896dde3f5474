package io.tokenpolicy.worker.gatewaycontract;

import static io.tokenpolicy.worker.emulator.ServerProfile.CRAZYROUTER;
import static io.tokenpolicy.worker.emulator.ServerProfile.NEW_API_2026_08;
import static io.tokenpolicy.worker.emulator.ServerProfile.ONE_API;
import static io.tokenpolicy.worker.gatewaycontract.Answer.ACCEPTED;
import static io.tokenpolicy.worker.gatewaycontract.Answer.REFUSED_200;
import static io.tokenpolicy.worker.gatewaycontract.ContractCheck.everywhere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The traps of the token API (docs/gateways.md), written once: run in the build against every profile of the
 * project's emulator, which must do what its profile says in every check, and on demand against a real gateway,
 * whose report says what it did and which profile it matches. Every check works on one scratch token, created
 * first and deleted last whatever happens between.
 */
final class GatewayContract {

    private static final String NO_GROUP = "no group field";

    private static final String NO_AUTO_GROUPS = "no auto_groups field";

    private static final long NO_SUCH_TOKEN = 999_999_999L;

    static final List<ContractCheck> CHECKS = List.of(
            everywhere("no id").check("create answer", GatewayContract::createAnswer),
            everywhere("page object")
                    .except(CRAZYROUTER, "bare array")
                    .except(ONE_API, "bare array")
                    .check("token list", GatewayContract::listShape),
            everywhere("the caller's").check("user_id in answers", GatewayContract::userId),
            everywhere("masked").except(ONE_API, "full key").check("key in answers", GatewayContract::key),
            everywhere(REFUSED_200).check("GET of an unknown id", (calls, token) -> calls.get(NO_SUCH_TOKEN)
                    .outcome()),
            everywhere("zeroes them").check("full PUT, omitted fields", GatewayContract::fullReplace),
            everywhere("ignored").check("full PUT, status in the body", GatewayContract::statusInFullPut),
            everywhere("changes the status alone").check("status-only PUT", GatewayContract::statusOnly),
            everywhere(REFUSED_200).check("re-enable of an exhausted token", GatewayContract::reEnableExhausted),
            everywhere("status kept").check("quota raise of an exhausted token", GatewayContract::quotaRaise),
            everywhere(REFUSED_200).check("re-enable of an expired token", GatewayContract::reEnableExpired),
            everywhere(REFUSED_200)
                    .except(ONE_API, ACCEPTED)
                    .check("negative remain_quota", (calls, token) -> token.write(body -> body.put("remain_quota", -1))
                            .outcome()),
            everywhere(ACCEPTED).except(ONE_API, REFUSED_200).check("name of 31 bytes", (calls, token) -> token.write(
                            body -> body.put("name", "n".repeat(31)))
                    .outcome()),
            everywhere(REFUSED_200)
                    .check("name of 51 bytes", (calls, token) -> token.write(body -> body.put("name", "n".repeat(51)))
                            .outcome()),
            everywhere("stored with commas deleted")
                    .except(ONE_API, "stored as sent")
                    .check(
                            "allow list with a comma",
                            (calls, token) ->
                                    stored(token, token.allowIpsField(), "10.0.0.0/8,192.168.1.0/24", body -> {})),
            everywhere("stored as sent")
                    .except(ONE_API, REFUSED_200)
                    .check(
                            "allow list of a bare IP",
                            (calls, token) -> stored(token, token.allowIpsField(), "10.1.2.3", body -> {})),
            everywhere("stored as sent")
                    .check(
                            "model list as a JSON array",
                            (calls, token) -> stored(
                                    token, token.modelsField(), "[\"a\",\"b\"]", GatewayContract::modelLimitsOn)),
            everywhere("stored as sent")
                    .except(CRAZYROUTER, REFUSED_200)
                    .check(
                            "model list with commas",
                            (calls, token) ->
                                    stored(token, token.modelsField(), "a,b", GatewayContract::modelLimitsOn)),
            everywhere("kept")
                    .except(NEW_API_2026_08, "forced off")
                    .except(ONE_API, NO_GROUP)
                    .check("cross_group_retry outside group auto", GatewayContract::crossGroupRetry),
            everywhere(ACCEPTED)
                    .except(NEW_API_2026_08, REFUSED_200)
                    .except(ONE_API, NO_AUTO_GROUPS)
                    .check("auto_groups with a duplicate", GatewayContract::autoGroupsDuplicate),
            everywhere("kept")
                    .except(ONE_API, NO_AUTO_GROUPS)
                    .check("auto_groups omitted from a PUT", GatewayContract::autoGroupsOmitted),
            everywhere(REFUSED_200)
                    .except(NEW_API_2026_08, "refused (401 AUTH_UNAUTHORIZED)")
                    .check("unknown access token", (calls, token) -> calls.get(
                                    token.id(),
                                    request -> request.setHeader("Authorization", "Bearer tpw-contract-none"))
                            .outcome()),
            everywhere("refused (401)")
                    .except(NEW_API_2026_08, ACCEPTED)
                    .except(ONE_API, ACCEPTED)
                    .check("New-Api-User of another user", (calls, token) -> calls.get(
                                    token.id(),
                                    request -> request.setHeader(
                                            "New-Api-User",
                                            Long.toString(calls.gateway().userId() + 1)))
                            .outcome()),
            everywhere("the token as stored").check("PUT answer", GatewayContract::putAnswer));

    private GatewayContract() {}

    /** Runs every check on a scratch token of the gateway's user, and deletes the token again. */
    static ContractReport run(GatewayCalls calls) {
        List<ContractReport.Observation> observations = new ArrayList<>();
        try (ScratchToken token = ScratchToken.create(calls)) {
            for (ContractCheck check : CHECKS) {
                token.reset();
                observations.add(new ContractReport.Observation(check, observe(check, calls, token)));
            }
            return new ContractReport(calls.gateway().toString(), token.name(), observations);
        }
    }

    private static String observe(ContractCheck check, GatewayCalls calls, ScratchToken token) {
        try {
            return check.probe().observe(calls, token);
        } catch (RuntimeException unexpected) {
            return "error: " + unexpected.getMessage();
        }
    }

    private static String createAnswer(GatewayCalls calls, ScratchToken token) {
        JsonNode data = token.created().data();
        return data.has("id") ? "the id" : "no id";
    }

    private static String listShape(GatewayCalls calls, ScratchToken token) {
        JsonNode data = calls.list().data();
        if (data.isArray()) {
            return "bare array";
        }
        return data.has("items") ? "page object" : "other: " + data.getNodeType();
    }

    private static String userId(GatewayCalls calls, ScratchToken token) {
        JsonNode userId = token.read().get("user_id");
        if (userId == null) {
            return "missing";
        }
        return userId.asLong() == calls.gateway().userId() ? "the caller's" : "another user's";
    }

    /** Whether the key is masked; the key itself is never shown. */
    private static String key(GatewayCalls calls, ScratchToken token) {
        String key = token.read().path("key").asText("");
        if (key.isEmpty()) {
            return "missing";
        }
        return key.contains("*") ? "masked" : "full key";
    }

    private static String fullReplace(GatewayCalls calls, ScratchToken token) {
        ObjectNode nameOnly =
                GatewayCalls.JSON.createObjectNode().put("id", token.id()).put("name", token.name());
        Answer answer = calls.put(nameOnly);
        if (!answer.succeeded()) {
            return answer.outcome();
        }
        ObjectNode after = token.read();
        if (after.path("remain_quota").asLong() == 0
                && after.path("expired_time").asLong() == 0) {
            return "zeroes them";
        }
        boolean kept = after.path("remain_quota").asLong() == ScratchToken.QUOTA
                && after.path("expired_time").asLong() == -1;
        return kept ? "keeps them" : "other";
    }

    private static String statusInFullPut(GatewayCalls calls, ScratchToken token) {
        Answer answer = token.write(body -> body.put("status", 2));
        if (!answer.succeeded()) {
            return answer.outcome();
        }
        return token.read().path("status").asInt() == 1 ? "ignored" : "written";
    }

    private static String statusOnly(GatewayCalls calls, ScratchToken token) {
        Answer answer = calls.putStatusOnly(token.id(), 2);
        if (!answer.succeeded()) {
            return answer.outcome();
        }
        ObjectNode after = token.read();
        boolean alone = after.path("status").asInt() == 2
                && after.path("remain_quota").asLong() == ScratchToken.QUOTA
                && after.path("expired_time").asLong() == -1
                && token.name().equals(after.path("name").asText());
        return alone ? "changes the status alone" : "changes more than the status";
    }

    private static String reEnableExhausted(GatewayCalls calls, ScratchToken token) {
        exhaust(calls, token);
        return calls.putStatusOnly(token.id(), 1).outcome();
    }

    private static String quotaRaise(GatewayCalls calls, ScratchToken token) {
        exhaust(calls, token);
        Answer raised = token.write(body -> body.put("remain_quota", ScratchToken.QUOTA));
        if (!raised.succeeded()) {
            return raised.outcome();
        }
        int status = token.read().path("status").asInt();
        return status == 4 ? "status kept" : status == 1 ? "re-enabled" : "status " + status;
    }

    private static String reEnableExpired(GatewayCalls calls, ScratchToken token) {
        long yesterday = Instant.now().getEpochSecond() - 86_400;
        require(token.write(body -> body.put("expired_time", yesterday)), "set a past expiry");
        require(calls.putStatusOnly(token.id(), 3), "mark the token expired");
        return calls.putStatusOnly(token.id(), 1).outcome();
    }

    private static void exhaust(GatewayCalls calls, ScratchToken token) {
        require(token.write(body -> body.put("remain_quota", 0)), "set remain_quota 0");
        require(calls.putStatusOnly(token.id(), 4), "mark the token exhausted");
    }

    /** Writes {@code value} into {@code field} and says how the server stored it. */
    private static String stored(ScratchToken token, String field, String value, Consumer<ObjectNode> also) {
        Answer answer = token.write(body -> {
            body.put(field, value);
            also.accept(body);
        });
        if (!answer.succeeded()) {
            return answer.outcome();
        }
        String stored = token.read().path(field).asText("");
        if (stored.equals(value)) {
            return "stored as sent";
        }
        return stored.equals(value.replace(",", "")) ? "stored with commas deleted" : "stored otherwise";
    }

    private static void modelLimitsOn(ObjectNode body) {
        if (body.has("model_limits_enabled")) {
            body.put("model_limits_enabled", true);
        }
    }

    private static String crossGroupRetry(GatewayCalls calls, ScratchToken token) {
        if (!token.read().has("group")) {
            return NO_GROUP;
        }
        Answer answer = token.write(body -> body.put("group", "").put("cross_group_retry", true));
        if (!answer.succeeded()) {
            return answer.outcome();
        }
        return token.read().path("cross_group_retry").asBoolean() ? "kept" : "forced off";
    }

    private static String autoGroupsDuplicate(GatewayCalls calls, ScratchToken token) {
        if (!token.read().has("auto_groups")) {
            return NO_AUTO_GROUPS;
        }
        return token.write(body -> body.putArray("auto_groups").add("default").add("default"))
                .outcome();
    }

    private static String autoGroupsOmitted(GatewayCalls calls, ScratchToken token) {
        if (!token.read().has("auto_groups")) {
            return NO_AUTO_GROUPS;
        }
        Answer set = token.write(body -> body.putArray("auto_groups").add("default"));
        if (!set.succeeded()) {
            return "cannot be set to [default]: " + set.outcome();
        }
        require(token.write(body -> body.put("remain_quota", ScratchToken.QUOTA - 1)), "write without auto_groups");
        JsonNode after = token.read().path("auto_groups");
        return after.size() == 1 && "default".equals(after.path(0).asText()) ? "kept" : "zeroed";
    }

    private static String putAnswer(GatewayCalls calls, ScratchToken token) {
        Answer answer = token.write(body -> body.put("remain_quota", ScratchToken.QUOTA + 234));
        if (!answer.succeeded()) {
            return answer.outcome();
        }
        ObjectNode stored = token.read();
        boolean same = answer.data().path("remain_quota").equals(stored.path("remain_quota"))
                && answer.data().path("status").equals(stored.path("status"))
                && answer.data().path("name").equals(stored.path("name"));
        return same ? "the token as stored" : "differs from the token as stored";
    }

    private static void require(Answer answer, String step) {
        if (!answer.succeeded()) {
            throw new IllegalStateException("could not " + step + ": " + answer.outcome());
        }
    }
}
