package io.tokenpolicy.worker.tokenapi;

import java.util.List;
import java.util.Set;

/**
 * Which {@code success:false} answers the gateway means for good: the one place that says so. The gateway answers its
 * business refusals and its database errors alike (HTTP 200, {@code success:false}, a {@code message}), so a refusal is
 * final only when its text is one the servers are known to send for a decision that asking again cannot change: the
 * body checks of a PUT (a name too long, a quota below 0 or above the maximum, one-api's invalid subnet), an unknown
 * token ({@code record not found}), the re-enable guards of an expired or exhausted token, and an access token the
 * gateway does not know. The texts are upstream's, in each language a server may answer in: new-api answers in the
 * language of the user's own setting before any the request asks for, so in each of its translations (English,
 * Simplified and Traditional Chinese, Portuguese of Brazil and of Portugal), and with the message's key where its
 * translations did not load; one-api in Chinese, with its {@code 参数错误：} prefix. Anything else (a database driver's
 * text, a message no server is known to send) may pass, and is retried within the retry budget.
 */
final class GatewayRefusals {

    /** one-api puts this before the reason of a body it refuses. */
    private static final String ONE_API_PARAMETER_ERROR = "参数错误：";

    private static final String NOT_FOUND = "record not found";

    private static final Set<String> FINAL = Set.of(
            // name longer than the limit
            "Token name is too long",
            "令牌名称过长",
            "令牌名稱過長",
            "O nome do token é muito longo",
            "token.name_too_long",
            // remain_quota < 0
            "Quota value cannot be negative",
            "额度值不能为负数",
            "額度值不能為負數",
            "O valor da cota não pode ser negativo",
            "token.quota_negative",
            // unknown id, or another user's token (gorm's ErrRecordNotFound)
            NOT_FOUND,
            // re-enable of an expired token
            "Token has expired and cannot be enabled. Please modify the expiration time or set it to never expire",
            "令牌已过期，无法启用，请先修改令牌过期时间，或者设置为永不过期",
            "令牌已過期，無法啟用，請先修改令牌過期時間，或者設定為永不過期",
            "令牌已过期，无法启用，请先修改令牌过期时间",
            "O token expirou e não pode ser ativado. Altere o tempo de expiração ou defina-o como nunca expirar",
            "O token expirou e não pode ser habilitado. Altere o tempo de expiração ou defina como nunca expirar",
            "token.expired_cannot_enable",
            // re-enable of an exhausted token
            "Token quota is exhausted and cannot be enabled. Please modify the remaining quota or set it to unlimited",
            "令牌可用额度已用尽，无法启用，请先修改令牌剩余额度，或者设置为无限额度",
            "令牌可用額度已用盡，無法啟用，請先修改令牌剩餘額度，或者設定為無限額度",
            "令牌可用次数已用尽，无法启用，请先修改令牌剩余次数，或者设置为无限次数",
            "A cota do token está esgotada e não pode ser ativado. Altere a cota restante ou defina-a como ilimitada",
            "A cota do token foi esgotada e ele não pode ser habilitado. Altere a cota restante ou defina como ilimitada",
            "token.exhausted_cannot_enable",
            // an access token the gateway does not know (older servers answer it with HTTP 200)
            "Unauthorized, invalid access token",
            "无权进行此操作，access token 无效",
            "Não autorizado, token de acesso inválido",
            "Não autorizado: token de acesso inválido");

    /**
     * Refusals whose text ends in a value: the quota maximum, one-api's reason for an invalid subnet. Without the space
     * before the value, so that they match the stripped text too.
     */
    private static final List<String> FINAL_PREFIXES = List.of(
            "Quota value exceeds valid range, maximum is",
            "额度值超出有效范围，最大值为",
            "額度值超出有效範圍，最大值為",
            "O valor da cota excede o intervalo válido, o máximo é",
            "O valor da cota excede o intervalo válido; o máximo é",
            "token.quota_exceed_max",
            "无效的网段：");

    private GatewayRefusals() {}

    /** Whether a refusal's reason ({@code "GET token 42: record not found"}) says the token does not exist. */
    static boolean notFound(String reason) {
        return reason != null && reason.strip().endsWith(NOT_FOUND);
    }

    /**
     * Whether a {@code success:false} answer with this {@code message} is the gateway's decision for good; white space
     * around it does not count.
     */
    static boolean isFinal(String message) {
        String text = message.strip();
        String reason =
                text.startsWith(ONE_API_PARAMETER_ERROR) ? text.substring(ONE_API_PARAMETER_ERROR.length()) : text;
        return FINAL.contains(reason) || FINAL_PREFIXES.stream().anyMatch(reason::startsWith);
    }
}
