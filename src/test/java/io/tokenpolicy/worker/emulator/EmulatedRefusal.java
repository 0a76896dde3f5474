package io.tokenpolicy.worker.emulator;

/**
 * The business refusals the emulator answers (HTTP 200 {@code success:false}), in the words of each profile's
 * server: new-api's English, one-api's Chinese with the {@code 参数错误：} it puts before a body check. A refusal
 * whose text ends in a value (the quota maximum, the subnet, the JSON decoder's complaint) is its text's start
 * followed by that value. Whether the worker must take each as final is {@link #finalForGood()}; a test holds the
 * worker's list of final refusals to these texts.
 */
public enum EmulatedRefusal {

    /** A name longer than the dialect's limit. */
    NAME_TOO_LONG("Token name is too long", "参数错误：令牌名称过长"),

    /** {@code remain_quota < 0} in the body (one-api has no quota bounds). */
    NEGATIVE_QUOTA("Quota value cannot be negative", null),

    /** {@code remain_quota} above the maximum, followed by the maximum. */
    QUOTA_OUT_OF_RANGE("Quota value exceeds valid range, maximum is ", null),

    /** An unknown id, or another user's token: gorm's ErrRecordNotFound, the same on every server. */
    NOT_FOUND("record not found", "record not found"),

    /** Re-enabling a token whose stored status is expired with a past expiry. */
    EXPIRED_RE_ENABLE(
            "Token has expired and cannot be enabled. Please modify the expiration time or set it to never expire",
            "令牌已过期，无法启用，请先修改令牌过期时间，或者设置为永不过期"),

    /** Re-enabling a token whose stored status is exhausted with no quota left. */
    EXHAUSTED_RE_ENABLE(
            "Token quota is exhausted and cannot be enabled. Please modify the remaining quota or set it to unlimited",
            "令牌可用额度已用尽，无法启用，请先修改令牌剩余额度，或者设置为无限额度"),

    /** one-api's refusal of a {@code subnet} entry that is not a CIDR, followed by the entry. */
    INVALID_SUBNET(null, "参数错误：无效的网段：failed to parse subnet: invalid CIDR address: "),

    /** An access token the server does not know, where the server answers it with HTTP 200. */
    UNKNOWN_ACCESS_TOKEN("Unauthorized, invalid access token", "无权进行此操作，access token 无效"),

    /**
     * A body of the wrong shape, as Go's JSON decoder words it (every server answers the decoder's text as it
     * stands), followed by what and where: it names no decision, and the worker, which never sends one, retries it.
     */
    INVALID_BODY("json: cannot unmarshal ", "json: cannot unmarshal "),

    /** A body that is not JSON, as Go's decoder words it, followed by the character and what it expected. */
    BODY_NOT_JSON("invalid character ", "invalid character "),

    /** Crazyrouter's refusal of a model list that is not a JSON array (the emulator's words: not in upstream). */
    MODELS_NOT_A_JSON_ARRAY("model_limits must be a JSON array of model names", null);

    private final String newApi;

    private final String oneApi;

    EmulatedRefusal(String newApi, String oneApi) {
        this.newApi = newApi;
        this.oneApi = oneApi;
    }

    /** The text the profile's server answers, or {@code null} when it never gives this refusal. */
    public String text(ServerProfile profile) {
        if (this == MODELS_NOT_A_JSON_ARRAY) {
            return profile.dialect() == EmulatedDialect.CRAZYROUTER ? newApi : null;
        }
        if (this == QUOTA_OUT_OF_RANGE || this == NEGATIVE_QUOTA) {
            return profile.boundsQuota() ? newApi : null;
        }
        return profile.dialect() == EmulatedDialect.ONE_API ? oneApi : newApi;
    }

    /** Whether the server means it for good: asking again, after reading the token again, cannot change it. */
    public boolean finalForGood() {
        return this != INVALID_BODY && this != BODY_NOT_JSON && this != MODELS_NOT_A_JSON_ARRAY;
    }

    /** The refusal as the profile's server answers it, its text followed by {@code value}. */
    ApiFailure answered(ServerProfile profile, String value) {
        String text = text(profile);
        if (text == null) {
            throw new IllegalStateException(profile.label() + " never answers " + this);
        }
        return ApiFailure.business(text + value);
    }

    ApiFailure answered(ServerProfile profile) {
        return answered(profile, "");
    }

    /** The refusal as every server answers it, for one whose text is the same on all. */
    ApiFailure answeredByAny(String value) {
        if (!newApi.equals(oneApi)) {
            throw new IllegalStateException(this + " differs by server");
        }
        return ApiFailure.business(newApi + value);
    }
}
