package io.tokenpolicy.worker.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenpolicy.worker.policy.AllowIps;
import io.tokenpolicy.worker.policy.ModelLimits;
import io.tokenpolicy.worker.policy.PolicyView;
import io.tokenpolicy.worker.policy.TokenStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A token's policy view goes to partition p of the view topic, keyed by user and token, with the event that changed
 * it, and comes back whole on assignment; its size per token is what docs/design.md states.
 */
class PolicyViewLedgerTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    /** A view with every field decided, as a token ends after an incident, a restriction, a plan and top-ups. */
    static final PolicyView EVERY_FIELD = PolicyView.NONE
            .withStatus(new PolicyView.DecidedStatus(TokenStatus.DISABLED, "security.incident: key leaked", true))
            .withAllowIps(AllowIps.of(List.of("10.0.0.0/8", "192.168.1.10")))
            .withModelLimits(ModelLimits.only(List.of("gpt-4o", "gpt-4o-mini")))
            .withExpiredTime(1_800_000_000L)
            .withGroup("vip")
            .withFundedTotal(OptionalLong.of(750_000));

    private final PartitionLedger ledger = new PartitionLedger();
    private final LedgerVersions versions = new LedgerVersions();
    private final KafkaPolicyViews views =
            new KafkaPolicyViews("view", 2, ledger, Clock.fixed(NOW, ZoneOffset.UTC), versions);

    @Test
    void anOlderViewCommittedAfterANewerOneIsLeftOutSoTheNewerIsReadBackLast() {
        views.record(7, 42, PolicyView.NONE.withFundedTotal(OptionalLong.of(750_000)), "/billing demo-1");
        views.record(7, 42, EVERY_FIELD, "/security demo-2");
        ProducerRecord<byte[], byte[]> older =
                views.outputsOf("/billing demo-1").get(0);
        ProducerRecord<byte[], byte[]> newer =
                views.outputsOf("/security demo-2").get(0);

        assertThat(versions.latest(List.of(newer))).containsExactly(newer);
        assertThat(versions.latest(List.of(older))).isEmpty();
    }

    @Test
    void viewIsPublishedWithItsEventAndRestoredOnAssignment() {
        views.record(7, 42, EVERY_FIELD, "/security i-1");
        ProducerRecord<byte[], byte[]> published =
                views.outputsOf("/security i-1").get(0);
        PartitionLedger restored = new PartitionLedger();

        LedgerRecords.restoreView(restored, key(published), published.value());

        assertThat(key(published)).isEqualTo("7/42");
        assertThat(published.topic()).isEqualTo("view");
        assertThat(published.partition()).isEqualTo(2);
        assertThat(views.view(7, 42)).isEqualTo(EVERY_FIELD);
        assertThat(restored.view(7, 42)).isEqualTo(EVERY_FIELD);
        assertThat(views.outputsOf("/security i-1")).isEmpty();
    }

    @Test
    void fieldsNeverDecidedStayUndecidedAndNoRestrictionIsADecisionToo() {
        PolicyView view = PolicyView.NONE.withAllowIps(AllowIps.unrestricted());
        views.record(7, 42, view, "e-1");
        ProducerRecord<byte[], byte[]> published = views.outputsOf("e-1").get(0);
        PartitionLedger restored = new PartitionLedger();

        LedgerRecords.restoreView(restored, key(published), published.value());

        assertThat(restored.view(7, 42)).isEqualTo(view);
    }

    @Test
    void anUnreadableViewIsSkippedAndSaysSo() {
        PartitionLedger restored = new PartitionLedger();

        assertThatThrownBy(() ->
                        LedgerRecords.restoreView(restored, "7/42", "{\"status\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(LedgerRecords.Unreadable.class)
                .hasMessageContaining("starts again from its next decision");
        assertThat(restored.view(7, 42)).isEqualTo(PolicyView.NONE);
    }

    /** docs/design.md, "The policy's view": the sizes it states are these. */
    @Test
    void viewRecordSizePerToken() {
        views.record(7, 42, EVERY_FIELD, "/security 3f2b8c1e-6a8e-4f0e-9a59-1c2d3e4f5a6b");
        int everyField = size(views.outputsOf("/security 3f2b8c1e-6a8e-4f0e-9a59-1c2d3e4f5a6b")
                .get(0));
        views.record(7, 42, PolicyView.NONE.withFundedTotal(OptionalLong.of(750_000)), "/billing 9f1c");
        int fundedOnly = size(views.outputsOf("/billing 9f1c").get(0));
        PolicyView manyModels = EVERY_FIELD.withModelLimits(ModelLimits.only(
                IntStream.range(0, 50).mapToObj(i -> "model-name-" + i).toList()));
        views.record(7, 42, manyModels, "/security 3f2b8c1e");
        int fiftyModels = size(views.outputsOf("/security 3f2b8c1e").get(0));

        assertThat(fundedOnly).isEqualTo(105);
        assertThat(everyField).isEqualTo(367);
        assertThat(fiftyModels).isEqualTo(1_106);
    }

    private static int size(ProducerRecord<byte[], byte[]> record) {
        return record.key().length + record.value().length;
    }

    private static String key(ProducerRecord<byte[], byte[]> record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }
}
