package io.tokenpolicy.worker.config;

/** The family of gateway the worker talks to: their token APIs differ in a few field names and formats. */
public enum GatewayDialect {
    /** Upstream new-api: {@code model_limits} comma-separated, {@code allow_ips} one entry per line, {@code New-Api-User}. */
    NEW_API,
    /** Crazyrouter (hosted new-api): as new-api, but model limits written as a JSON-array string. */
    CRAZYROUTER,
    /** one-api: {@code models} and {@code subnet} (comma-separated CIDRs), no {@code New-Api-User} header. */
    ONE_API
}
