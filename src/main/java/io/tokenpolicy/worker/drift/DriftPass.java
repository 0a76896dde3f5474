package io.tokenpolicy.worker.drift;

import io.tokenpolicy.worker.apply.CallAdmission;
import io.tokenpolicy.worker.apply.GatewayException;
import io.tokenpolicy.worker.apply.Lane;
import io.tokenpolicy.worker.apply.StoredToken;
import io.tokenpolicy.worker.apply.TokenList;
import io.tokenpolicy.worker.apply.TransientGatewayException;
import io.tokenpolicy.worker.policy.Drift;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One pass of the drift watch: each viewed token read from the gateway and compared with the policy's view of it
 * ({@link Drift}). A user's tokens are listed page by page when that takes fewer calls than reading each viewed token
 * on its own; a token the full list lacks, or a read does not find, is deleted. Every call waits for its turn of the
 * {@code admission} it is given, in the billing lane, so a pass never goes ahead of a security call.
 */
public final class DriftPass {

    private final TokenList gateway;
    private final CallAdmission admission;
    private final int pageSize;
    private final Duration callWait;
    private int calls;

    public DriftPass(TokenList gateway, CallAdmission admission, int pageSize, Duration callWait) {
        this.gateway = gateway;
        this.admission = admission;
        this.pageSize = pageSize;
        this.callWait = callWait;
    }

    /** What a pass found, the gateway calls it made, and the users whose tokens could not all be read (and why). */
    public record Result(List<Found> found, int compared, int calls, Map<Long, String> failedUsers) {

        public boolean completed() {
            return failedUsers.isEmpty();
        }
    }

    public Result run(Collection<ViewedToken> viewed) {
        calls = 0;
        Map<Long, Map<Long, ViewedToken>> byUser = viewed.stream()
                .collect(Collectors.groupingBy(
                        ViewedToken::userId,
                        TreeMap::new,
                        Collectors.toMap(ViewedToken::tokenId, token -> token, (a, b) -> b, TreeMap::new)));
        List<Found> found = new ArrayList<>();
        Map<Long, String> failed = new TreeMap<>();
        int[] compared = {0};
        byUser.forEach((userId, tokens) -> {
            try {
                compared[0] += passOver(userId, new TreeMap<>(tokens), found);
            } catch (GatewayException failure) {
                failed.put(userId, failure.getMessage());
            }
        });
        return new Result(found, compared[0], calls, failed);
    }

    /** Compares the user's viewed tokens, removing each from {@code unseen} as it is read; how many were compared. */
    private int passOver(long userId, Map<Long, ViewedToken> unseen, List<Found> found) {
        int compared = 0;
        boolean listedAll = false;
        int index = 0;
        while (unseen.size() > 1) {
            int page = index;
            TokenList.Page tokens = call(() -> gateway.page(userId, page, pageSize));
            for (StoredToken token : tokens.tokens()) {
                ViewedToken viewed = unseen.remove(token.state().id());
                if (viewed != null) {
                    compare(viewed, token, found);
                    compared++;
                }
            }
            if (tokens.tokens().size() < pageSize) {
                listedAll = true;
                break;
            }
            index++;
            long pagesLeft = tokens.total().isPresent()
                    ? Math.max(0, (tokens.total().getAsLong() + pageSize - 1) / pageSize - index)
                    : Long.MAX_VALUE;
            if (tokens.total().isPresent() && pagesLeft == 0) {
                listedAll = true;
                break;
            }
            if (pagesLeft >= unseen.size() && tokens.total().isPresent()) {
                break;
            }
        }
        for (ViewedToken viewed : List.copyOf(unseen.values())) {
            if (listedAll) {
                found.add(new Found(viewed, Drift.deleted(viewed.view())));
            } else {
                call(() -> gateway.find(userId, viewed.tokenId()))
                        .ifPresentOrElse(
                                token -> compare(viewed, token, found),
                                () -> found.add(new Found(viewed, Drift.deleted(viewed.view()))));
            }
            compared++;
        }
        return compared;
    }

    private static void compare(ViewedToken viewed, StoredToken token, List<Found> found) {
        Drift.between(viewed.view(), token.state(), token.fundedTotal())
                .forEach(finding -> found.add(new Found(viewed, finding)));
    }

    private <T> T call(Supplier<T> gatewayCall) {
        try {
            if (!admission.await(Lane.BILLING, callWait.toNanos())) {
                throw new TransientGatewayException("no turn of the gateway's rate limit within " + callWait);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new TransientGatewayException("interrupted while waiting for a turn of the gateway's rate limit");
        }
        try {
            calls++;
            return gatewayCall.get();
        } finally {
            admission.answered(Lane.BILLING);
        }
    }
}
