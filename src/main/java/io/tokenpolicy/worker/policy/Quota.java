package io.tokenpolicy.worker.policy;

/** The gateway's bounds on a token's quota. */
public final class Quota {

    /** The largest remain_quota the gateway accepts (5e14). */
    public static final long MAX = 500_000_000_000_000L;

    private Quota() {}
}
