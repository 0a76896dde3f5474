package io.tokenpolicy.worker.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which server, of which age, the emulator is: the wire format of its family ({@link EmulatedDialect}) and what
 * the server of that age does with it (authentication, rate limit, {@code auto_groups}, {@code group}, key masking,
 * quota bounds). docs/gateways.md has the table; the gateway contract checks each profile against it.
 */
public enum ServerProfile {

    /** Upstream new-api as of 2026-04: {@code New-Api-User} required, unknown access token 200 {@code success:false}. */
    NEW_API_2026_04("new-api 2026-04", EmulatedDialect.NEW_API, 180),

    /**
     * Upstream new-api as of 2026-08: 401 with {@code code} for a missing or unknown access token or a disabled
     * user, {@code New-Api-User} ignored, 360 calls per 180 s with {@code Retry-After} on a 429, {@code auto_groups}
     * validated when sent, {@code cross_group_retry} forced off outside group {@code auto}.
     */
    NEW_API_2026_08("new-api 2026-08", EmulatedDialect.NEW_API, 360),

    /** Crazyrouter: new-api 2026-04 with JSON-array {@code model_limits} and lists as bare arrays. */
    CRAZYROUTER("crazyrouter", EmulatedDialect.CRAZYROUTER, 180),

    /**
     * one-api: {@code models} and CIDR-only {@code subnet}, no {@code group}, the full key in every answer, names up
     * to 30 bytes, no quota bounds, no user header, 480 calls per 180 s, lists as bare arrays from page 0.
     */
    ONE_API("one-api", EmulatedDialect.ONE_API, 480);

    /** The window of every server's default API rate limit. */
    public static final Duration RATE_LIMIT_WINDOW = Duration.ofSeconds(180);

    /** The code newer servers put in a 401's body. */
    static final String AUTH_UNAUTHORIZED = "AUTH_UNAUTHORIZED";

    private final String label;

    private final EmulatedDialect dialect;

    private final int defaultRateLimit;

    ServerProfile(String label, EmulatedDialect dialect, int defaultRateLimit) {
        this.label = label;
        this.dialect = dialect;
        this.defaultRateLimit = defaultRateLimit;
    }

    /** The profile of the oldest server the project supports that speaks {@code dialect}. */
    public static ServerProfile of(EmulatedDialect dialect) {
        return switch (dialect) {
            case NEW_API -> NEW_API_2026_04;
            case CRAZYROUTER -> CRAZYROUTER;
            case ONE_API -> ONE_API;
        };
    }

    /** The server's name and age, as docs/gateways.md and the contract's report write it. */
    public String label() {
        return label;
    }

    public EmulatedDialect dialect() {
        return dialect;
    }

    /** Calls per {@link #RATE_LIMIT_WINDOW} the server allows by default ({@code GLOBAL_API_RATE_LIMIT}). */
    public int defaultRateLimit() {
        return defaultRateLimit;
    }

    /** Whether a 429 carries {@code Retry-After}; older servers answer it with an empty body alone. */
    boolean answersRetryAfter() {
        return this == NEW_API_2026_08;
    }

    /** Whether authentication failures are all 401 {@code {"success":false,"code":"AUTH_UNAUTHORIZED"}}. */
    boolean refusesEveryUnauthorizedCallWith401() {
        return this == NEW_API_2026_08;
    }

    boolean readsUserHeader() {
        return this == NEW_API_2026_04 || this == CRAZYROUTER;
    }

    boolean hasGroup() {
        return this != ONE_API;
    }

    boolean hasAutoGroups() {
        return this != ONE_API;
    }

    /** Whether a sent {@code auto_groups} is checked: count, duplicates, every group selectable by the user. */
    boolean validatesAutoGroups() {
        return this == NEW_API_2026_08;
    }

    /** Whether a PUT with a {@code group} other than {@code auto} stores {@code cross_group_retry} false. */
    boolean forcesCrossGroupRetryOffOutsideAuto() {
        return this == NEW_API_2026_08;
    }

    boolean masksKey() {
        return this != ONE_API;
    }

    /** Whether {@code remain_quota} must lie within 0 and the quota maximum (unless unlimited). */
    boolean boundsQuota() {
        return this != ONE_API;
    }

    /** Whether lists are a bare array rather than {@code {page,page_size,total,items}}. */
    boolean listsBareArrays() {
        return this == CRAZYROUTER || this == ONE_API;
    }

    /** The number of the first page of a list: one-api counts from 0. */
    int firstPage() {
        return this == ONE_API ? 0 : 1;
    }

    /**
     * Whether the token lets a call for {@code model} through, read as the server's relay reads the model list:
     * new-api and one-api split the string on commas (untrimmed), so a JSON-array string there names no model
     * and admits nothing; Crazyrouter reads its JSON array.
     */
    boolean admitsModel(EmulatedToken token, String model) {
        boolean restricted =
                dialect == EmulatedDialect.ONE_API ? !token.modelLimits().isEmpty() : token.modelLimitsEnabled();
        return !restricted || modelNames(token.modelLimits()).contains(model);
    }

    private List<String> modelNames(String models) {
        if (dialect == EmulatedDialect.CRAZYROUTER) {
            return jsonArray(models);
        }
        return Arrays.asList(models.split(",", -1));
    }

    private static List<String> jsonArray(String text) {
        List<String> names = new ArrayList<>();
        try {
            JsonNode node = Reply.JSON.readTree(text);
            if (node != null && node.isArray()) {
                node.forEach(name -> names.add(name.asText()));
            }
        } catch (JsonProcessingException unreadable) {
            return names;
        }
        return names;
    }
}
