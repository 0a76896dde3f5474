package io.tokenpolicy.worker.tokenapi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credentials of a credentials file, read again whenever its content changes (it is
 * compared, not its timestamp, so an atomic swap of a mounted secret counts too). A file that
 * cannot be read or is invalid at start-up stops the worker; later, it keeps the credentials
 * read before, and the error is logged once per content, without any value from the file. A file
 * over 1 MiB is not read. Whatever goes wrong, the poller logs it and keeps polling.
 */
final class ReloadingCredentials implements Supplier<AccessTokens>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReloadingCredentials.class);
    private static final long MAX_BYTES = 1 << 20;

    private final Path file;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(work -> {
        Thread thread = new Thread(work, "credentials-file");
        thread.setDaemon(true);
        return thread;
    });
    private volatile AccessTokens current;
    private byte[] lastSeen;

    ReloadingCredentials(Path file, Duration pollInterval) {
        this.file = file;
        try {
            this.lastSeen = read();
            this.current = CredentialsFile.parse(lastSeen);
        } catch (CredentialsFile.InvalidCredentialsException invalid) {
            throw new IllegalStateException("token-api.credentials-file " + file + ": " + invalid.getMessage());
        }
        log.info("gateway credentials of {} users {} read from {}", current.size(), current.userIds(), file);
        poller.scheduleWithFixedDelay(
                () -> poll(pollInterval), pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public AccessTokens get() {
        return current;
    }

    /** A scheduled task that throws is never run again: nothing may escape. */
    private void poll(Duration pollInterval) {
        try {
            reloadIfChanged();
        } catch (RuntimeException | Error unexpected) {
            log.error(
                    "credentials file {} could not be checked ({}); keeping the credentials of {} users, checking"
                            + " again in {}",
                    file,
                    unexpected.getClass().getSimpleName(),
                    current.size(),
                    pollInterval);
        }
    }

    void reloadIfChanged() {
        byte[] content;
        try {
            content = read();
        } catch (CredentialsFile.InvalidCredentialsException unreadable) {
            if (lastSeen != null) {
                log.error(
                        "credentials file {}: {}; keeping the credentials of {} users",
                        file,
                        unreadable.getMessage(),
                        current.size());
                lastSeen = null;
            }
            return;
        }
        if (!Arrays.equals(content, lastSeen)) {
            lastSeen = content;
            reload(content);
        }
    }

    private void reload(byte[] content) {
        try {
            current = CredentialsFile.parse(content);
            log.info("credentials file {} changed: now {} users {}", file, current.size(), current.userIds());
        } catch (CredentialsFile.InvalidCredentialsException invalid) {
            log.error(
                    "credentials file {} changed but is invalid: {}; keeping the credentials of {} users",
                    file,
                    invalid.getMessage(),
                    current.size());
        }
    }

    private byte[] read() {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new CredentialsFile.InvalidCredentialsException("is larger than " + MAX_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException unreadable) {
            throw new CredentialsFile.InvalidCredentialsException(
                    "cannot be read (" + unreadable.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
