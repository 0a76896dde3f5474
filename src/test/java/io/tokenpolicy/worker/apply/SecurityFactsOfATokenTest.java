package io.tokenpolicy.worker.apply;

import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.RECEIVED;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.USER;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.incident;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.modelRestriction;
import static io.tokenpolicy.worker.apply.SecurityEventsOfToken42.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.policy.EventData;
import io.tokenpolicy.worker.policy.EventEnvelope;
import io.tokenpolicy.worker.policy.ModelLimits;
import io.tokenpolicy.worker.policy.TokenEvent;
import io.tokenpolicy.worker.policy.TokenStatus;
import io.tokenpolicy.worker.policy.rules.Catalogue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The security facts the applier keeps besides the hold make the lanes commute (LanesCommuteProperties found each
 * case): a plan's models stay within a model restriction, whichever came first, and an incident resolved in the same
 * batch as it came leaves a stopped token as the two would apart.
 */
class SecurityFactsOfATokenTest {

    private final FakeTokenGateway gateway = new FakeTokenGateway().with(CatalogueTableTest.enabled());
    private final LedgerLikeHolds ledger = new LedgerLikeHolds(USER);

    @Test
    void planChangeAfterAModelRestrictionWritesOnlyTheModelsTheRestrictionAdmits() {
        applyAll(modelRestriction("m-1", "gpt-a"));
        applyAll(plan("p-1", "gpt-b", "gpt-a"));

        assertThat(gateway.token(42).modelLimits()).isEqualTo(ModelLimits.only(List.of("gpt-a")));
        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.ENABLED);
    }

    @Test
    void planChangeWhoseModelsTheRestrictionAdmitsNoneOfDisablesTheTokenAsTheRestrictionAfterItWould() {
        applyAll(modelRestriction("m-1", "gpt-a"));
        applyAll(plan("p-1", "gpt-b"));

        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.DISABLED);
        assertThat(gateway.token(42).modelLimits()).isEqualTo(ModelLimits.only(List.of("gpt-b")));
        assertThat(ledger.facts(USER, 42).noModelLeft()).isTrue();
    }

    @Test
    void planChangeThatTheRestrictionAdmitsReEnablesATokenTheRestrictionLeftWithoutModels() {
        gateway.with(CatalogueTableTest.enabled().withModelLimits(ModelLimits.only(List.of("gpt-a"))));

        applyAll(modelRestriction("m-1", "gpt-b"));
        TokenStatus meanwhile = gateway.token(42).status();
        applyAll(plan("p-1", "gpt-b"));

        assertThat(meanwhile).isEqualTo(TokenStatus.DISABLED);
        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.ENABLED);
        assertThat(gateway.token(42).modelLimits()).isEqualTo(ModelLimits.only(List.of("gpt-b")));
    }

    /**
     * The chaos run's token 808: two restrictions in one security batch, a record of another token between them in
     * the partition still unfinished when the first one's outcome was committed, and the worker killed before the
     * second's: the new owner takes the first for a duplicate and applies the second again, then a plan comes.
     */
    @Test
    void restrictionCommittedBeforeTheLaterEventsOfItsBatchStillCapsTheNextPlanAfterACrash() {
        applyAll(modelRestriction("m-1", "gpt-common"), modelRestriction("m-2", "gpt-common", "gpt-b", "gpt-c"));
        LedgerLikeHolds restored = ledger.restoredWith("/security m-1");

        applyAll(restored, modelRestriction("m-2", "gpt-common", "gpt-b", "gpt-c"));
        applyAll(restored, plan("p-1", "gpt-b", "gpt-common", "gpt-c"));

        assertThat(gateway.token(42).modelLimits()).isEqualTo(ModelLimits.only(List.of("gpt-common")));
        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.ENABLED);
        assertThat(restored.facts(USER, 42).modelRestrictions())
                .as("the restriction delivered again is kept once")
                .containsExactly(List.of("gpt-common"), List.of("gpt-common", "gpt-b", "gpt-c"));
    }

    @Test
    void incidentAndItsResolutionInOneBatchSwitchAnExhaustedTokenOnAsTheyWouldApart() {
        gateway.with(CatalogueTableTest.exhausted());

        List<Outcome> outcomes = applyAll(incident("i-1"), resolved("r-1"));

        assertThat(outcomes).extracting(Outcome::result).containsExactly(Result.APPLIED, Result.APPLIED);
        assertThat(gateway.calls()).containsExactly("read", "status DISABLED", "status ENABLED");
        assertThat(gateway.token(42).status()).isEqualTo(TokenStatus.ENABLED);
    }

    private List<Outcome> applyAll(TokenEvent... events) {
        return applyAll(ledger, events);
    }

    private List<Outcome> applyAll(SecurityHolds holds, TokenEvent... events) {
        return CatalogueTableTest.applier(gateway)
                .applyAll(List.of(events), RECEIVED, IntentLog.NONE, holds, new HandOver());
    }

    private static TokenEvent plan(String id, String... models) {
        return new TokenEvent(
                new EventEnvelope("/billing", id, Catalogue.PLAN_CHANGED, RECEIVED, 42, USER),
                new EventData(Map.of("models", List.of(models))));
    }
}
