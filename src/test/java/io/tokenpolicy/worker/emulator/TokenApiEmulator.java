package io.tokenpolicy.worker.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * An in-process stand-in for a new-api gateway's token API, traps included (full-replace PUT,
 * HTTP 200 business errors, refused re-enables, lost updates, 429 with an empty body), so the
 * worker's client is tested against what the real server does rather than what its docs say.
 * It is one server of one age at a time ({@link #speak(ServerProfile)}; docs/gateways.md), and
 * can behave like a fork on writes ({@link #behaveLike}, {@link #forgetField}).
 * Tests seed users and tokens, inject latency, rate limits, faults and usage, and assert on the
 * stored tokens and the calls received. Thread-safe.
 */
public final class TokenApiEmulator implements AutoCloseable {

    private static final int THREADS = 32;

    private final DatabaseFaults databaseFaults = new DatabaseFaults();

    private final Forks forks = new Forks();

    private final WriteHistory writes = new WriteHistory();

    private final TokenStore store = new TokenStore(databaseFaults, forks, writes);

    private final Users users = new Users();

    private final CallLog log = new CallLog();

    private final FaultInjector faults = new FaultInjector();

    private final TokenRoutes routes = new TokenRoutes(store, users, forks, writes);

    private final SlidingWindowLimiter limiter = new SlidingWindowLimiter(System::nanoTime);

    private final Queue<UsageGenerator> generators = new ConcurrentLinkedQueue<>();

    private final EmulatorServer server;

    private TokenApiEmulator(int port, int threads) throws IOException {
        server = new EmulatorServer(port, threads, new EmulatorHandler(log, faults, limiter, routes, writes));
    }

    /** Starts an emulator on 127.0.0.1 at the given port, or at a free one when {@code port} is 0. */
    public static TokenApiEmulator start(int port) {
        return start(port, THREADS);
    }

    /**
     * Starts like {@link #start(int)}, answering up to {@code threads} calls at once (default 32):
     * a benchmark with more calls in flight than that would otherwise measure the emulator's queue.
     */
    public static TokenApiEmulator start(int port, int threads) {
        try {
            return new TokenApiEmulator(port, threads);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot start the token API emulator on port " + port, ex);
        }
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Adds a user whose access token authenticates calls made with {@code New-Api-User: userId}. */
    public TokenApiEmulator addUser(long userId, String accessToken) {
        users.add(userId, accessToken);
        return this;
    }

    /** Rotates the user's access token, as the gateway's dashboard does: the old one is refused from now on. */
    public TokenApiEmulator rotateAccessToken(long userId, String accessToken) {
        users.rotate(userId, accessToken);
        return this;
    }

    /** From now on, is the given server ({@link ServerProfile#NEW_API_2026_04} until told otherwise). */
    public TokenApiEmulator speak(ServerProfile profile) {
        routes.speak(profile);
        return this;
    }

    /** From now on, speaks the dialect as the oldest supported server of its family does ({@link ServerProfile#of}). */
    public TokenApiEmulator speak(EmulatedDialect dialect) {
        return speak(ServerProfile.of(dialect));
    }

    public ServerProfile profile() {
        return routes.profile();
    }

    /** Disables the user, as an admin does: the user's access tokens are refused from now on. */
    public TokenApiEmulator disableUser(long userId) {
        users.disable(userId);
        return this;
    }

    /**
     * The groups the user may select for {@code auto_groups} (every group until this is called): a server that
     * validates {@code auto_groups} refuses a PUT sending one that is not among them, a stored one included.
     */
    public TokenApiEmulator setSelectableGroups(long userId, Set<String> groups) {
        users.selectableGroups(userId, groups);
        return this;
    }

    /** The server's {@code QuotaPerUnit} (default 500000): the quota maximum is {@code 1e9 × QuotaPerUnit}. */
    public TokenApiEmulator setQuotaPerUnit(long quotaPerUnit) {
        routes.quotaPerUnit(quotaPerUnit);
        return this;
    }

    /** From now on, does what the fork does on a write, besides what the profile's server does. */
    public TokenApiEmulator behaveLike(ForkBehaviour behaviour) {
        forks.add(behaviour);
        return this;
    }

    /**
     * From now on, the server does not know the field (its wire name, e.g. {@code allow_ips}): a PUT's value for it
     * is dropped, the stored value stays, and no answer shows it, as one-api drops fields it does not have.
     */
    public TokenApiEmulator forgetField(String field) {
        forks.forget(field);
        return this;
    }

    /**
     * The next {@code times} database operations of the step fail inside the controller: HTTP 200
     * {@code success:false} with the driver's raw text (e.g. {@link DatabaseStep#SQLITE_LOCKED}), nothing changed.
     */
    public TokenApiEmulator failDatabase(DatabaseStep step, int times, String driverText) {
        databaseFaults.failNext(step, times, driverText);
        return this;
    }

    /** Stores a token; an id of 0 gets the next free id, a {@code null} key a generated {@code sk-} key. */
    public EmulatedToken addToken(EmulatedToken token) {
        return store.add(token, routes.profile().dialect());
    }

    /** The stored state of a token, with its real key; throws {@code NoSuchElementException} if absent. */
    public EmulatedToken token(long id) {
        return store.get(id);
    }

    /** Changes a stored token directly, as the server itself would (for example marking it exhausted). */
    public EmulatedToken modifyToken(long id, UnaryOperator<EmulatedToken> change) {
        return store.modify(id, change);
    }

    /** Deletes a stored token, as its owner or an admin would in the gateway's UI. */
    public void deleteToken(long id) {
        store.delete(id, store.get(id).userId());
    }

    /**
     * From now on every read or write of the token is answered HTTP 200 {@code success:false} with
     * {@code message}: what the gateway says is the server's to choose, length and characters included.
     */
    public TokenApiEmulator refuseCallsFor(long tokenId, String message) {
        routes.refuse(tokenId, message);
        return this;
    }

    /** Whether a request from {@code ip} would pass the token's {@code allow_ips}, read as the server does. */
    public boolean admits(long tokenId, String ip) {
        return EmulatedAllowIps.admits(store.get(tokenId).allowIps(), ip);
    }

    /**
     * Whether a call for {@code model} would pass the token's model list, read as the profile's server reads it: on
     * new-api a JSON-array string is split on commas like any string, so {@code ["a","b"]} admits no model.
     */
    public boolean admitsModel(long tokenId, String model) {
        return routes.profile().admitsModel(store.get(tokenId), model);
    }

    /** One use of the token, atomic: {@code remain_quota -= amount}, {@code used_quota += amount}. */
    public EmulatedToken simulateUsage(long tokenId, long amount) {
        return store.use(tokenId, amount);
    }

    /** Every {@code period}, uses {@code amountPerTick} of every token that has more than that left. */
    public UsageGenerator startUsage(Duration period, long amountPerTick) {
        return startUsage(period, amountPerTick, token -> true);
    }

    /** As {@link #startUsage(Duration, long)}, only of the tokens that {@code tokens} picks (a user's, say). */
    public UsageGenerator startUsage(Duration period, long amountPerTick, Predicate<EmulatedToken> tokens) {
        UsageGenerator generator = new UsageGenerator(store, period, amountPerTick, tokens);
        generators.add(generator);
        return generator;
    }

    /** Delay added to every call. */
    public TokenApiEmulator setLatency(Duration latency) {
        faults.latency(latency);
        return this;
    }

    /**
     * A sliding window over all {@code /api/*} calls; over it the answer is 429 with an empty body, and on servers
     * that send it a {@code Retry-After}. Off until set.
     */
    public TokenApiEmulator setRateLimit(int requests, Duration window) {
        limiter.configure(requests, window);
        return this;
    }

    /** The profile's default rate limit: its {@link ServerProfile#defaultRateLimit()} calls per 180 s. */
    public TokenApiEmulator useDefaultRateLimit() {
        ServerProfile profile = routes.profile();
        return setRateLimit(profile.defaultRateLimit(), ServerProfile.RATE_LIMIT_WINDOW);
    }

    public TokenApiEmulator clearRateLimit() {
        limiter.off();
        return this;
    }

    /** The next {@code calls} calls fail with {@code fault}, before any random fault. */
    public TokenApiEmulator failNext(int calls, Fault fault) {
        faults.failNext(calls, fault);
        return this;
    }

    /** The next {@code calls} writes (full or status-only PUTs) fail with {@code fault}; reads go through. */
    public TokenApiEmulator failNextWrites(int calls, Fault fault) {
        faults.failNextWrites(calls, fault);
        return this;
    }

    /** Each call fails with this probability, with a fault picked at random from {@code faults}. */
    public TokenApiEmulator setFaultRate(double probability, Fault... faults) {
        this.faults.rate(probability, faults);
        return this;
    }

    /** How long a {@link Fault#TIMEOUT} holds the answer (default 30 s). */
    public TokenApiEmulator setTimeoutHold(Duration hold) {
        faults.timeoutHold(hold);
        return this;
    }

    /**
     * Holds the answer to every write (full or status-only PUT) this long after the write arrived; the write takes
     * effect at once. A client that gives up or dies meanwhile does not know that its write landed. Zero to stop.
     */
    public TokenApiEmulator holdWriteAnswers(Duration hold) {
        faults.writeAnswerHold(hold);
        return this;
    }

    /**
     * The gateway's process gone: every connection is dropped and every new one refused, until
     * {@link #acceptConnections()}. Stored tokens stay.
     */
    public TokenApiEmulator refuseConnections() {
        server.refuseConnections();
        return this;
    }

    /** Listens again, on the same port, after {@link #refuseConnections()}. */
    public TokenApiEmulator acceptConnections() {
        try {
            server.listenAgain();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot listen again on port " + port(), ex);
        }
        return this;
    }

    /** An outage: while down, every call is answered 502. */
    public TokenApiEmulator setDown(boolean down) {
        faults.down(down);
        return this;
    }

    /** Drops queued faults, database errors, the fault rate and the outage. */
    public TokenApiEmulator clearFaults() {
        faults.clear();
        databaseFaults.clear();
        return this;
    }

    /** Calls received on the route, whatever they were answered. */
    public long calls(Route route) {
        return log.calls(route);
    }

    /** The most calls held at once since start or reset, each from its arrival until its answer was due. */
    public int peakCallsInFlight() {
        return log.peakCallsInFlight();
    }

    /** The calls received whose answer is not due yet: a write held by a {@link Fault#TIMEOUT} among them. */
    public int callsInFlight() {
        return log.callsInFlight();
    }

    public long tooManyRequestsAnswered() {
        return log.tooManyRequestsAnswered();
    }

    /** Every call received, in order of arrival. */
    public List<RecordedRequest> requests() {
        return log.requests();
    }

    public List<RecordedRequest> requests(Route route) {
        return log.requests(route);
    }

    /** The bodies of every PUT received, full and status-only, in order of arrival. */
    public List<String> putBodies() {
        return log.bodies(Route.PUT_TOKEN, Route.PUT_STATUS_ONLY);
    }

    /**
     * What changed the token apart from usage and the server's own changes ({@link #modifyToken}): every full or
     * status-only PUT and create of it that took effect, and every one turned away (a fault, 429, a refusal), in the
     * order they took effect or were turned away. Kept from the start, whatever {@link #resetCounters()} forgets.
     */
    public List<TokenWrite> writesOf(long tokenId) {
        return writes.of(tokenId);
    }

    /** Forgets the calls received, the 429s answered and the peak of calls in flight; stored tokens stay. */
    public void resetCounters() {
        log.reset();
    }

    @Override
    public void close() {
        generators.forEach(UsageGenerator::close);
        server.close();
    }
}
