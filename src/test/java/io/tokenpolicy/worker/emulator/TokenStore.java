package io.tokenpolicy.worker.emulator;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The gateway's token table. Every change is one synchronized step, as one SQL statement is on the
 * real server: a PUT and a usage are each atomic but separate, so usage between a client's GET and
 * PUT is lost, exactly as on the real server.
 */
final class TokenStore {

    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<Long, EmulatedToken> tokens = new HashMap<>();

    private final DatabaseFaults databaseFaults;

    private final Forks forks;

    private final WriteHistory history;

    private long lastId;

    TokenStore(DatabaseFaults databaseFaults, Forks forks, WriteHistory history) {
        this.databaseFaults = databaseFaults;
        this.forks = forks;
        this.history = history;
    }

    synchronized EmulatedToken add(EmulatedToken token, EmulatedDialect dialect) {
        long id = token.id() > 0 ? token.id() : lastId + 1;
        if (tokens.containsKey(id)) {
            throw new IllegalArgumentException("token " + id + " exists already");
        }
        lastId = Math.max(lastId, id);
        String key = token.key() != null ? token.key() : generateKey();
        EmulatedToken stored = token.toBuilder()
                .id(id)
                .key(key)
                .allowIps(dialect.seededAllowIps(token.allowIps()))
                .build();
        tokens.put(id, stored);
        return stored;
    }

    synchronized EmulatedToken get(long id) {
        EmulatedToken token = tokens.get(id);
        if (token == null) {
            throw new NoSuchElementException("no token " + id);
        }
        return token;
    }

    synchronized EmulatedToken modify(long id, UnaryOperator<EmulatedToken> change) {
        EmulatedToken changed = change.apply(get(id)).toBuilder().id(id).build();
        tokens.put(id, changed);
        return changed;
    }

    synchronized EmulatedToken owned(long id, long userId) {
        databaseFaults.at(DatabaseStep.LOOKUP);
        EmulatedToken token = tokens.get(id);
        if (token == null || token.userId() != userId) {
            throw ApiFailure.recordNotFound();
        }
        return token;
    }

    synchronized List<EmulatedToken> ownedBy(long userId) {
        return tokens.values().stream()
                .filter(token -> token.userId() == userId)
                .sorted(Comparator.comparingLong(EmulatedToken::id).reversed())
                .toList();
    }

    /**
     * The server's PUT handler after the checks of the body alone: the lookup, the re-enable guards, then a full or a
     * status-only replace ({@code route}), kept in the history; the token its answer shows.
     */
    synchronized EmulatedToken update(long userId, TokenUpdate update, Route route, Instant arrivedAt) {
        EmulatedToken stored = owned(update.id(), userId);
        update.checkReEnable(stored, Instant.now().getEpochSecond());
        databaseFaults.at(DatabaseStep.UPDATE);
        EmulatedToken updated = route == Route.PUT_STATUS_ONLY
                ? update.replaceStatus(stored)
                : forks.stored(stored, update.replace(stored));
        tokens.put(updated.id(), updated);
        history.tookEffect(route, arrivedAt, stored, updated);
        return forks.answered(stored, updated);
    }

    /** The server's create: a new enabled token of the caller with a generated key, kept in the history. */
    synchronized EmulatedToken create(long userId, TokenUpdate update, EmulatedDialect dialect, Instant arrivedAt) {
        databaseFaults.at(DatabaseStep.UPDATE);
        EmulatedToken created = add(update.created(userId, Instant.now().getEpochSecond()), dialect);
        history.tookEffect(Route.CREATE_TOKEN, arrivedAt, null, created);
        return created;
    }

    synchronized void delete(long id, long userId) {
        owned(id, userId);
        databaseFaults.at(DatabaseStep.UPDATE);
        tokens.remove(id);
    }

    /** One use of the token: {@code remain_quota -= amount, used_quota += amount} in one step. */
    synchronized EmulatedToken use(long id, long amount) {
        return modify(id, token -> token.toBuilder()
                .remainQuota(token.remainQuota() - amount)
                .usedQuota(token.usedQuota() + amount)
                .accessedTime(Instant.now().getEpochSecond())
                .build());
    }

    synchronized void useAllAbove(long amount, Predicate<EmulatedToken> picked) {
        tokens.values().stream()
                .filter(token -> token.remainQuota() > amount && picked.test(token))
                .map(EmulatedToken::id)
                .toList()
                .forEach(id -> use(id, amount));
    }

    private static String generateKey() {
        StringBuilder key = new StringBuilder("sk-");
        for (int i = 0; i < 48; i++) {
            key.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return key.toString();
    }
}
