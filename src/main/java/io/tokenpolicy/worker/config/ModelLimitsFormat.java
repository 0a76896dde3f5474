package io.tokenpolicy.worker.config;

/** How the worker writes a token's model limits back. */
public enum ModelLimitsFormat {
    /** In the format the token already uses; the dialect's own for a token that has none yet. */
    AS_STORED,
    /** A plain comma-separated list: {@code gpt-5.4,claude-sonnet-4-6}. */
    COMMA_SEPARATED,
    /** A JSON array in a string: {@code ["gpt-5.4","claude-sonnet-4-6"]}. */
    JSON_ARRAY
}
