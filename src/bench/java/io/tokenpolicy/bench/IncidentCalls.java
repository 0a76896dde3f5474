package io.tokenpolicy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenpolicy.worker.emulator.RecordedRequest;
import io.tokenpolicy.worker.emulator.Route;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What S5 reads in the gateway emulator's log of received calls: when each PUT that disables an
 * incident's token arrived (a full or status-only PUT with status 2; a call takes effect when it
 * arrives), and which calls were for the incidents' tokens and which for the top-ups'.
 */
final class IncidentCalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN_PATH = "/api/token/";
    private static final int DISABLED = 2;

    private final Map<Long, List<Long>> disablingPutsMs = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();

    private IncidentCalls() {}

    static IncidentCalls of(TokenApiEmulator gateway, Scenario scenario) {
        IncidentCalls log = new IncidentCalls();
        long first = scenario.firstIncidentToken();
        for (RecordedRequest request : gateway.requests()) {
            JsonNode body = request.route() == Route.GET_TOKEN ? null : parse(request.body());
            long token =
                    body == null ? tokenOfPath(request.path()) : body.path("id").asLong(-1);
            long at = request.receivedAt().toEpochMilli();
            boolean incident = token >= first && token < first + scenario.incidents();
            log.calls.add(new Call(at, incident));
            if (incident && body != null && body.path("status").asInt() == DISABLED) {
                log.disablingPutsMs
                        .computeIfAbsent(token, t -> new ArrayList<>())
                        .add(at);
            }
        }
        return log;
    }

    /**
     * When the PUT that disabled the token arrived: the last disabling PUT received by the time the
     * token was seen disabled (earlier ones may have been answered 429), or -1 if there was none.
     */
    long disabledAtMs(long token, long seenDisabledMs) {
        return disablingPutsMs.getOrDefault(token, List.of()).stream()
                .filter(at -> at <= seenDisabledMs)
                .mapToLong(Long::longValue)
                .max()
                .orElse(-1);
    }

    /** Calls received from {@code fromMs} (inclusive) to {@code toMs} (exclusive), for incidents' tokens or not. */
    long callsBetween(long fromMs, long toMs, boolean incidentTokens) {
        return calls.stream()
                .filter(call -> call.incident() == incidentTokens && call.atMs() >= fromMs && call.atMs() < toMs)
                .count();
    }

    private static long tokenOfPath(String path) {
        try {
            return Long.parseLong(path.substring(TOKEN_PATH.length()));
        } catch (RuntimeException notATokenPath) {
            return -1;
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException | RuntimeException unreadable) {
            return JSON.createObjectNode();
        }
    }

    private record Call(long atMs, boolean incident) {}
}
