package io.tokenpolicy.worker.tokenapi;

/** The gateway's answer to one call: its status and body. */
record HttpAnswer(int status, byte[] body) {}
