package io.tokenpolicy.bench;

import io.tokenpolicy.worker.emulator.EmulatedToken;
import io.tokenpolicy.worker.emulator.Route;
import io.tokenpolicy.worker.emulator.TokenApiEmulator;
import java.time.Duration;

/**
 * A fresh gateway emulator for each run, so every implementation starts from the same tokens and
 * the counters hold only its own calls. S5's incident tokens follow the top-ups' tokens. Enough server threads that the gateway's latency, not its
 * thread pool, is what limits an implementation with 64 calls in flight.
 */
final class BenchGateway {

    static final long USER_ID = 1;
    static final String ACCESS_TOKEN = "bench-access-token";

    private static final int SERVER_THREADS = 256;
    private static final long INITIAL_QUOTA = 1_000_000_000L;

    private BenchGateway() {}

    static TokenApiEmulator start(Scenario scenario) {
        TokenApiEmulator gateway = TokenApiEmulator.start(0, SERVER_THREADS).addUser(USER_ID, ACCESS_TOKEN);
        for (long id = 1; id <= scenario.tokens() + scenario.incidents(); id++) {
            gateway.addToken(EmulatedToken.forUser(USER_ID)
                    .id(id)
                    .name("bench-" + id)
                    .remainQuota(INITIAL_QUOTA)
                    .build());
        }
        gateway.setLatency(scenario.latency());
        if (scenario.rateLimit() > 0) {
            gateway.setRateLimit(scenario.rateLimit(), Duration.ofSeconds(1));
        }
        return gateway;
    }

    /** Token API calls received, whatever they were answered: GET, full PUT and status-only PUT. */
    static long apiCalls(TokenApiEmulator gateway) {
        return gateway.calls(Route.GET_TOKEN) + gateway.calls(Route.PUT_TOKEN) + gateway.calls(Route.PUT_STATUS_ONLY);
    }
}
