package io.tokenpolicy.worker.tokenapi;

import java.time.Duration;

/** The gateway's answer to one call: its status, body, and how long it asked to wait before the next ({@code Retry-After}). */
record HttpAnswer(int status, byte[] body, Duration retryAfter) {}
