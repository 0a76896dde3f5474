package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenpolicy.worker.apply.PermanentGatewayException;
import io.tokenpolicy.worker.apply.TransientGatewayException;
import io.tokenpolicy.worker.ops.WorkerMetrics;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway's token API: "Every business error is HTTP 200 with success:false ... So is a database error inside the
 * controller ... success:false is not always final." Only the refusals the servers are known to mean for good (the
 * body checks, an unknown token, the re-enable guards, a refused access token), in the texts new-api (English,
 * Chinese, Traditional Chinese) and one-api send, are final; anything else is retried.
 */
class GatewayRefusalsTest {

    private final ScriptedHttpServer server = ScriptedHttpServer.plain();
    private final GatewayHttp http = new GatewayHttp(Duration.ofSeconds(1), Duration.ofSeconds(2), 4, null);
    private final GatewayRateLimit rateLimit = new GatewayRateLimit(1_000, Duration.ofSeconds(1));
    private final GatewayExchange exchange =
            new GatewayExchange(new MeteredHttp(http, new WorkerMetrics(new SimpleMeterRegistry())), rateLimit);

    @AfterEach
    void stop() {
        http.close();
        rateLimit.close();
        server.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Token name is too long",
                "令牌名称过长",
                "令牌名稱過長",
                "参数错误：令牌名称过长",
                "Quota value cannot be negative",
                "额度值不能为负数",
                "額度值不能為負數",
                "Quota value exceeds valid range, maximum is 500000000000000",
                "额度值超出有效范围，最大值为 500000000000000",
                "額度值超出有效範圍，最大值為 1000000000000",
                "record not found",
                "Token has expired and cannot be enabled. Please modify the expiration time or set it to never expire",
                "令牌已过期，无法启用，请先修改令牌过期时间，或者设置为永不过期",
                "令牌已過期，無法啟用，請先修改令牌過期時間，或者設定為永不過期",
                "令牌已过期，无法启用，请先修改令牌过期时间",
                "Token quota is exhausted and cannot be enabled. Please modify the remaining quota or set it to unlimited",
                "令牌可用额度已用尽，无法启用，请先修改令牌剩余额度，或者设置为无限额度",
                "令牌可用額度已用盡，無法啟用，請先修改令牌剩餘額度，或者設定為無限額度",
                "令牌可用次数已用尽，无法启用，请先修改令牌剩余次数，或者设置为无限次数",
                "参数错误：无效的网段：invalid CIDR address: 10.0.0.1",
                // new-api answers in the language of the user's own setting, before Accept-Language: pt-BR and pt
                "O nome do token é muito longo",
                "O valor da cota não pode ser negativo",
                "O valor da cota excede o intervalo válido, o máximo é 500000000000000",
                "O valor da cota excede o intervalo válido; o máximo é 500000000000000",
                "O token expirou e não pode ser ativado. Altere o tempo de expiração ou defina-o como nunca expirar",
                "O token expirou e não pode ser habilitado. Altere o tempo de expiração ou defina como nunca expirar",
                "A cota do token está esgotada e não pode ser ativado. Altere a cota restante ou defina-a como ilimitada",
                "A cota do token foi esgotada e ele não pode ser habilitado. Altere a cota restante ou defina como"
                        + " ilimitada",
                "Não autorizado, token de acesso inválido",
                "Não autorizado: token de acesso inválido",
                // a server whose translations did not load answers the message's key
                "token.name_too_long",
                "token.quota_negative",
                "token.quota_exceed_max",
                "token.expired_cannot_enable",
                "token.exhausted_cannot_enable",
                "Unauthorized, invalid access token",
                "无权进行此操作，access token 无效"
            })
    void aRefusalKnownToBeFinalIsNotRetried(String message) {
        server.answer(GatewayHttpTest.ok(refusal(message)));

        assertThatThrownBy(() -> exchange.send(GatewayHttpTest.get(server.uri("/api/token/1")), "GET token 1"))
                .isInstanceOf(PermanentGatewayException.class)
                .hasMessage("GET token 1: " + message);
    }

    /** White space around a known text, as a proxy that rewraps the answer may leave it, does not make it pass. */
    @ParameterizedTest
    @ValueSource(strings = {"record not found\\n", " 令牌名称过长 ", "\\tToken name is too long\\r\\n"})
    void aKnownTextInWhiteSpaceIsFinalToo(String message) {
        server.answer(GatewayHttpTest.ok(refusal(message)));

        assertThatThrownBy(() -> exchange.send(GatewayHttpTest.get(server.uri("/api/token/1")), "GET token 1"))
                .isInstanceOf(PermanentGatewayException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "database is locked",
                "Error 1205 (HY000): Lock wait timeout exceeded; try restarting transaction",
                "ERROR: could not serialize access due to concurrent update (SQLSTATE 40001)",
                "dial tcp 10.0.0.5:5432: connect: connection refused",
                "Database error, please try again later",
                "数据库错误，请稍后重试",
                "something no server is known to say",
                "record not found, and more",
                ""
            })
    void anyOtherSuccessFalseIsRetried(String message) {
        server.answer(GatewayHttpTest.ok(refusal(message)));

        assertThatThrownBy(() -> exchange.send(GatewayHttpTest.get(server.uri("/api/token/1")), "GET token 1"))
                .isInstanceOf(TransientGatewayException.class)
                .hasMessageStartingWith("GET token 1: ");
    }

    private static String refusal(String message) {
        return "{\"success\":false,\"message\":\"" + message + "\"}";
    }
}
