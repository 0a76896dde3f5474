package io.tokenpolicy.worker.apply;

/**
 * Which of the worker's two jobs a piece of work is for. A leaked key must be disabled within
 * seconds, however long the billing backlog ahead of it, so security work goes first wherever the
 * two lanes share something scarce: the gateway's rate limit and the call slots above all.
 */
public enum Lane {
    /** Incidents and their resolutions: a disable cannot wait behind top-ups. */
    SECURITY,
    /** Top-ups, quota, plans and expiry: everything else. */
    BILLING
}
