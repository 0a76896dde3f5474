package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back usage that an absolute PUT overwrote. The gateway has no atomic increment, so
 * usage landing between the worker's GET and PUT is lost and the token gains that much; the
 * funded total after the write shows it, and a corrective PUT lowers remain_quota by the excess. An unlimited token
 * is corrected too: new-api spends its quota as any other's (below 0 if need be, which its PUT accepts), and a plan
 * that limits it again would otherwise find the usage given back.
 */
final class FundedTotalCorrection {

    private static final Logger log = LoggerFactory.getLogger(FundedTotalCorrection.class);
    private static final int MAX_CORRECTIONS = 20;

    private final TokenGateway gateway;
    private final TokenWriter writer;

    FundedTotalCorrection(TokenGateway gateway, TokenWriter writer) {
        this.gateway = gateway;
        this.writer = writer;
    }

    /**
     * Lowers the quota of {@code written} until its funded total is {@code expectedFunded}. A correction that switched a
     * disabled token on is noted in {@code differs} and switched off again through the {@link TokenWriter}, which
     * compares that disable's answer with it and reads the token again when it differs.
     */
    StoredToken correct(GatewayCalls calls, StoredToken written, long expectedFunded, GatewayDiffers differs) {
        StoredToken current = written;
        for (int i = 0; i < MAX_CORRECTIONS; i++) {
            long excess = current.fundedTotal() - expectedFunded;
            long corrected = lowered(current.state(), excess);
            if (excess <= 0 || corrected == current.state().remainQuota()) {
                break;
            }
            StoredToken before = current;
            current = calls.write(() -> gateway.replace(before, before.state().withRemainQuota(corrected)));
            if (before.state().status() == TokenStatus.DISABLED
                    && current.state().status() != TokenStatus.DISABLED) {
                // a fork that switches a token on with an update: a disabled token is switched off again
                differs.status(
                        TokenStatus.DISABLED.code(), current.state().status().code());
                current = writer.offAgainIfSwitchedOn(calls, current, TokenStatus.DISABLED, differs);
            }
        }
        warnOfWhatIsKept(current, expectedFunded);
        return current;
    }

    /** The quota less the excess; a limited token's not below 0, which its PUT refuses. */
    private static long lowered(TokenState token, long excess) {
        long lowered = token.remainQuota() - excess;
        return token.unlimitedQuota() ? lowered : Math.max(Math.min(0, token.remainQuota()), lowered);
    }

    private static void warnOfWhatIsKept(StoredToken token, long expectedFunded) {
        long excess = token.fundedTotal() - expectedFunded;
        if (excess <= 0) {
            return;
        }
        if (lowered(token.state(), excess) == token.state().remainQuota()) {
            log.warn(
                    "token {} keeps {} quota of overwritten usage: its quota is spent, and a limited token's"
                            + " remain_quota cannot be written below 0",
                    token.state().id(),
                    excess);
        } else {
            log.warn(
                    "token {} keeps {} quota of overwritten usage: usage kept landing during {} corrections",
                    token.state().id(),
                    excess,
                    MAX_CORRECTIONS);
        }
    }
}
