package io.tokenpolicy.worker.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tokenpolicy.worker.emulator.Fault;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's switch that makes its gateway fail for a while, so that FAILED events, the DLT and their replay
 * can be tried: {@code POST /faults?mode=503&seconds=60} answers every gateway call with HTTP 503 (or 502, or
 * drops the connection: {@code mode=drop}) for that long, {@code DELETE /faults} ends it at once, and
 * {@code GET /faults} says what the gateway does now. Each answer is one line of text.
 */
final class GatewayFaultSwitch implements AutoCloseable {

    static final String PATH = "/faults";
    private static final Map<String, Fault> MODES =
            Map.of("503", Fault.HTTP_503, "502", Fault.HTTP_502, "drop", Fault.DROP_CONNECTION);
    private static final long MAX_SECONDS = 3600;

    private final HttpServer server;
    private final TokenApiEmulator gateway;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-fault-switch");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> end;
    private String state = "the gateway answers normally";

    private GatewayFaultSwitch(HttpServer server, TokenApiEmulator gateway) {
        this.server = server;
        this.gateway = gateway;
    }

    static GatewayFaultSwitch start(String host, int port, TokenApiEmulator gateway) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            GatewayFaultSwitch faults = new GatewayFaultSwitch(server, gateway);
            server.createContext(PATH, faults::handle);
            server.start();
            return faults;
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot start the gateway's fault switch on " + host + ":" + port, failed);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            switch (exchange.getRequestMethod()) {
                case "POST" -> answer(exchange, 200, fail(query));
                case "DELETE" -> answer(exchange, 200, heal());
                case "GET" -> answer(exchange, 200, state());
                default -> answer(exchange, 405, "POST, DELETE or GET " + PATH);
            }
        } catch (IllegalArgumentException wrong) {
            answer(exchange, 400, wrong.getMessage());
        } finally {
            exchange.close();
        }
    }

    private synchronized String fail(Map<String, String> query) {
        String mode = query.getOrDefault("mode", "503");
        Fault fault = MODES.get(mode);
        if (fault == null) {
            throw new IllegalArgumentException("mode must be one of 503, 502, drop, was " + mode);
        }
        long seconds = seconds(query.getOrDefault("seconds", "60"));
        cancelEnd();
        gateway.setFaultRate(1, fault);
        Instant until = clock.instant().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS);
        end = timer.schedule(this::heal, seconds, TimeUnit.SECONDS);
        state = "the gateway " + (mode.equals("drop") ? "drops every call" : "answers " + mode + " to every call")
                + " for " + seconds + " s, until " + until + " (DELETE " + PATH + " ends it)";
        return state;
    }

    private synchronized String heal() {
        cancelEnd();
        gateway.clearFaults();
        state = "the gateway answers normally";
        return state;
    }

    private synchronized String state() {
        return state;
    }

    private void cancelEnd() {
        if (end != null) {
            end.cancel(false);
            end = null;
        }
    }

    private static long seconds(String given) {
        try {
            long seconds = Long.parseLong(given);
            if (seconds > 0 && seconds <= MAX_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException notANumber) {
            // answered below, as any other value out of range
        }
        throw new IllegalArgumentException("seconds must be from 1 to " + MAX_SECONDS + ", was " + given);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    query.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
            }
        }
        return query;
    }

    private static void answer(HttpExchange exchange, int status, String line) throws IOException {
        byte[] body = (line + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        server.stop(0);
    }
}
