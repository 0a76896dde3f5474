package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Supplier;

/**
 * An in-memory gateway for one user that records every call and behaves like new-api where it
 * matters here: the full PUT ignores status and refuses a negative quota, and re-enabling an exhausted token without quota, or an expired
 * token whose stored expiry has passed, is refused.
 */
final class FakeTokenGateway implements TokenGateway {

    static final long USER_ID = 7;

    private final Map<Long, TokenState> tokens = new HashMap<>();
    private final Map<String, Queue<Supplier<GatewayException>>> failures = new HashMap<>();
    private final List<String> calls = new ArrayList<>();

    FakeTokenGateway with(TokenState token) {
        tokens.put(token.id(), token);
        return this;
    }

    /** The next {@code times} calls of {@code operation} ("read", "replace", "status") fail with {@code failure}. */
    FakeTokenGateway failing(String operation, int times, Supplier<GatewayException> failure) {
        Queue<Supplier<GatewayException>> queue = failures.computeIfAbsent(operation, name -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(failure);
        }
        return this;
    }

    List<String> calls() {
        return calls;
    }

    TokenState token(long id) {
        return tokens.get(id);
    }

    @Override
    public boolean canActFor(long userId) {
        return userId == USER_ID;
    }

    @Override
    public StoredToken read(long userId, long tokenId) {
        record("read");
        TokenState token = tokens.get(tokenId);
        if (token == null) {
            throw new PermanentGatewayException("record not found");
        }
        return new Stored(userId, token);
    }

    @Override
    public StoredToken replace(StoredToken current, TokenState desired) {
        record("replace");
        if (!desired.unlimitedQuota() && desired.remainQuota() < 0) {
            throw new PermanentGatewayException("Quota value cannot be negative");
        }
        TokenState stored = tokens.get(desired.id());
        TokenState written = desired.withStatus(stored.status());
        tokens.put(written.id(), written);
        return new Stored(current.userId(), written);
    }

    @Override
    public StoredToken changeStatus(StoredToken current, TokenStatus status) {
        record("status " + status);
        TokenState stored = tokens.get(current.state().id());
        if (status == TokenStatus.ENABLED && stored.status() == TokenStatus.EXHAUSTED && stored.remainQuota() <= 0) {
            throw new PermanentGatewayException("token quota is used up, cannot enable");
        }
        if (status == TokenStatus.ENABLED
                && stored.status() == TokenStatus.EXPIRED
                && stored.expiredAt(Instant.now())) {
            throw new PermanentGatewayException("token has expired, cannot enable");
        }
        TokenState written = stored.withStatus(status);
        tokens.put(written.id(), written);
        return new Stored(current.userId(), written);
    }

    private void record(String call) {
        calls.add(call);
        String operation = call.startsWith("status") ? "status" : call;
        Queue<Supplier<GatewayException>> queue = failures.get(operation);
        if (queue != null && !queue.isEmpty()) {
            throw queue.poll().get();
        }
    }

    private record Stored(long userId, TokenState state) implements StoredToken {

        @Override
        public long usedQuota() {
            return 0;
        }
    }
}
