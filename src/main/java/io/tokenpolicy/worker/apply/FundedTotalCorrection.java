package io.tokenpolicy.worker.apply;

import io.tokenpolicy.worker.policy.TokenStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back usage that an absolute PUT overwrote. The gateway has no atomic increment, so
 * usage landing between the worker's GET and PUT is lost and the token gains that much; the
 * funded total after the write shows it, and a corrective PUT lowers remain_quota by the excess.
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
        for (int i = 0; i < MAX_CORRECTIONS && !current.state().unlimitedQuota(); i++) {
            long excess = current.fundedTotal() - expectedFunded;
            if (excess <= 0) {
                return current;
            }
            long corrected = Math.max(0, current.state().remainQuota() - excess);
            StoredToken before = current;
            current = calls.call(() -> gateway.replace(before, before.state().withRemainQuota(corrected)));
            if (before.state().status() == TokenStatus.DISABLED
                    && current.state().status() != TokenStatus.DISABLED) {
                // a fork that switches a token on with an update: a disabled token is switched off again
                differs.status(
                        TokenStatus.DISABLED.code(), current.state().status().code());
                current = writer.offAgainIfSwitchedOn(calls, current, TokenStatus.DISABLED, differs);
            }
        }
        long excess = current.fundedTotal() - expectedFunded;
        if (excess > 0) {
            log.warn(
                    "token {} keeps {} quota of overwritten usage: usage kept landing during {} corrections",
                    current.state().id(),
                    excess,
                    MAX_CORRECTIONS);
        }
        return current;
    }
}
