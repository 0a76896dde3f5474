package io.tokenpolicy.worker.drift;

import io.tokenpolicy.worker.policy.DriftFinding;

/** A finding of a drift pass, with the token it is about and the view it was found against. */
public record Found(ViewedToken token, DriftFinding finding) {}
