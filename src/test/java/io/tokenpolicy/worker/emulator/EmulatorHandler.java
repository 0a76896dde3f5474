package io.tokenpolicy.worker.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every call's path through the emulated gateway: recorded, then possibly failed by an outage, an
 * injected fault or the rate limit, and only then routed. The call takes effect when it arrives; its
 * answer is held back until the latency after its arrival, and it counts in flight until then. A write turned away
 * here is kept in its token's {@link WriteHistory}.
 */
final class EmulatorHandler implements Consumer<EmulatorExchange> {

    private final CallLog log;

    private final FaultInjector faults;

    private final SlidingWindowLimiter limiter;

    private final TokenRoutes routes;

    private final WriteHistory history;

    EmulatorHandler(
            CallLog log, FaultInjector faults, SlidingWindowLimiter limiter, TokenRoutes routes, WriteHistory history) {
        this.log = log;
        this.faults = faults;
        this.limiter = limiter;
        this.routes = routes;
        this.history = history;
    }

    @Override
    public void accept(EmulatorExchange exchange) {
        log.callStarted();
        exchange.whenDone(log::callEnded);
        exchange.answerAfter(faults.latency());
        try {
            serve(exchange);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            exchange.drop();
        } catch (IOException | RuntimeException ex) {
            answerUnexpected(exchange, ex);
        }
    }

    private void serve(EmulatorExchange exchange) throws IOException, InterruptedException {
        String body = new String(exchange.body(), StandardCharsets.UTF_8);
        String path = exchange.path();
        String rawQuery = exchange.rawQuery();
        Map<String, String> query = QueryString.parse(rawQuery);
        Route route = Route.of(exchange.method(), path, query);
        if (route.writes()) {
            exchange.answerAfter(faults.latency().plus(faults.writeAnswerHold()));
        }
        log.record(new RecordedRequest(
                route, exchange.method(), path, rawQuery, exchange.requestHeaders(), body, Instant.now()));
        if (faults.down()) {
            history.turnedAway(route, exchange.arrival(), body, "502, the gateway down");
            Reply.html(exchange, 502, "502 Bad Gateway");
            return;
        }
        Fault fault = faults.next(route);
        if (goesOnAfterFault(exchange, fault)) {
            admit(exchange, route, query, body);
        } else {
            history.turnedAway(route, exchange.arrival(), body, "fault " + fault);
        }
    }

    /**
     * Answers with the fault, if any; {@code true} when the call still goes on to take effect (no fault, after a
     * timeout hold, or behind an answer already given), {@code false} when it stops here.
     */
    private boolean goesOnAfterFault(EmulatorExchange exchange, Fault fault) throws IOException, InterruptedException {
        if (fault == null) {
            return true;
        }
        switch (fault) {
            case HTTP_401 -> Reply.failure(exchange, 401, "Unauthorized, invalid access token");
            case HTTP_408 -> Reply.html(exchange, 408, "408 Request Time-out");
            case HTTP_500 -> Reply.failure(exchange, 500, "database error: driver: bad connection");
            case DATABASE_LOCKED -> Reply.failure(exchange, 200, "database is locked");
            case HTTP_502 -> Reply.html(exchange, 502, "502 Bad Gateway");
            case HTTP_503 -> Reply.html(exchange, 503, "503 Service Temporarily Unavailable");
            case TIMEOUT -> Thread.sleep(faults.timeoutHold().toMillis());
            case DROP_CONNECTION -> exchange.drop();
            case HTTP_502_AFTER_EFFECT -> Reply.html(exchange, 502, "502 Bad Gateway");
        }
        return fault == Fault.TIMEOUT || fault == Fault.HTTP_502_AFTER_EFFECT;
    }

    private void admit(EmulatorExchange exchange, Route route, Map<String, String> query, String body)
            throws IOException {
        if (exchange.path().startsWith("/api/") && !limiter.tryAcquire()) {
            history.turnedAway(route, exchange.arrival(), body, "429");
            log.tooManyRequests();
            tooManyRequests(exchange);
            return;
        }
        switch (route) {
            case NO_TRAILING_SLASH -> redirect(exchange);
            case OTHER -> Reply.plain(exchange, 404, "404 page not found");
            default -> routes.handle(exchange, route, query, body);
        }
    }

    /** 429 with an empty body; newer servers add {@code Retry-After}, in whole seconds until a call is admitted. */
    private void tooManyRequests(EmulatorExchange exchange) {
        if (routes.profile().answersRetryAfter()) {
            long millis = limiter.untilAdmitted().toMillis();
            exchange.responseHeaders().set("Retry-After", Long.toString(Math.max(1, (millis + 999) / 1000)));
        }
        Reply.empty(exchange, 429);
    }

    /** Gin's trailing-slash redirect: 301 for GET, 307 for other methods, query kept. */
    private static void redirect(EmulatorExchange exchange) {
        String query = exchange.rawQuery();
        String location = "/api/token/" + (query == null ? "" : "?" + query);
        Reply.redirect(exchange, exchange.method().equals("GET") ? 301 : 307, location);
    }

    private static void answerUnexpected(EmulatorExchange exchange, Exception ex) {
        try {
            Reply.failure(exchange, 500, ex.toString());
        } catch (IOException | RuntimeException ignored) {
            exchange.drop();
        }
    }
}
