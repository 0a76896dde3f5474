package io.tokenpolicy.worker.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.policy.EventData;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenState;
import io.tokenpolicy.worker.policy.TokenStatus;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import io.tokenpolicy.worker.policy.rules.RuleSet;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verify after every write (issue 19, item 3) holds for the PUTs that take back overwritten usage too: a correction's
 * answer that switched a disabled token on has it switched off again, and that disable is compared with its answer and
 * read again like any other, so that a token left enabled is never reported as the disabled token it was meant to be.
 */
class CorrectionAnswerVerifiedTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    @Test
    void aDisableAfterACorrectionThatDidNotTakeFails() {
        SwitchesOnWithEveryUpdate gateway =
                new SwitchesOnWithEveryUpdate(CatalogueTableTest.disabled().withRemainQuota(100_000), 40_000);

        Outcome outcome = CatalogueTableTest.applier(gateway, RuleSet.catalogue(), NOW)
                .apply(
                        new TokenEvent(
                                new EventEnvelope(
                                        "/test", "exp-1", Catalogue.EXPIRY_SET, NOW, 42, FakeTokenGateway.USER_ID),
                                new EventData(Map.of("expired_time", 4_200_000_000L))),
                        NOW);

        assertThat(gateway.token.status()).isEqualTo(TokenStatus.ENABLED);
        assertThat(outcome.result())
                .as("the token is left enabled: %s", outcome.reason())
                .isEqualTo(Result.FAILED);
        assertThat(outcome.reason()).contains("is not disabled");
    }

    /**
     * A fork that switches a token on with every update, whose status-only disable takes the first time only (its answer
     * shows the token as it then is); usage
     * lands once, just before the first PUT, so that a correction follows it.
     */
    private static final class SwitchesOnWithEveryUpdate implements TokenGateway {
        private TokenState token;
        private long used;
        private long pendingUsage;
        private int disables;

        SwitchesOnWithEveryUpdate(TokenState token, long usage) {
            this.token = token;
            this.pendingUsage = usage;
        }

        @Override
        public boolean canActFor(long userId) {
            return true;
        }

        @Override
        public StoredToken read(long userId, long tokenId) {
            return answer();
        }

        @Override
        public StoredToken replace(StoredToken current, TokenState desired) {
            used += pendingUsage;
            pendingUsage = 0;
            token = desired.withStatus(TokenStatus.ENABLED);
            return answer();
        }

        @Override
        public StoredToken changeStatus(StoredToken current, TokenStatus status) {
            if (disables++ == 0) {
                token = token.withStatus(status);
            }
            return answer();
        }

        private StoredToken answer() {
            return new Answer(FakeTokenGateway.USER_ID, token, used);
        }
    }

    private record Answer(long userId, TokenState state, long usedQuota) implements StoredToken {}
}
