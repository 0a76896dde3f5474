package io.tokenpolicy.worker.tokenapi;

/**
 * The gateway's answer to one call: its status and body, and whether the connection may carry
 * another call.
 */
record HttpAnswer(int status, byte[] body, boolean keepAlive) {}
