package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** A partition given up stops counting at once; one gained from another instance counts one window later. */
class PartitionShareTest {

    private static final long WINDOW = 1_000;
    private static final long NOW = 5_000;

    private final PartitionShare share = new PartitionShare(WINDOW);

    @Test
    void anInstanceStartingAloneCountsTheWholeTopicAtOnce() {
        share.assigned(Set.of(0, 1, 2, 3, 4, 5), 6, NOW);

        assertThat(share.counted(NOW)).isEqualTo(6);
    }

    @Test
    void anInstanceJoiningAGroupCountsItsPartitionsOneWindowLater() {
        share.assigned(Set.of(0, 1), 6, NOW);

        assertThat(share.held()).isEqualTo(2);
        assertThat(share.counted(NOW + WINDOW - 1)).isZero();
        assertThat(share.counted(NOW + WINDOW)).isEqualTo(2);
    }

    @Test
    void aPartitionGainedInALaterRebalanceCountsOneWindowLater() {
        share.assigned(Set.of(0, 1, 2, 3, 4, 5), 6, NOW);
        share.revoked(Set.of(0, 1, 2, 3, 4, 5), NOW + 10);
        share.assigned(Set.of(0, 1), 6, NOW + 10);
        share.revoked(Set.of(0, 1), NOW + 20);
        share.assigned(Set.of(0, 1, 2), 6, NOW + 20);

        assertThat(share.counted(NOW + 20)).as("partitions 0 and 1, kept").isEqualTo(2);
        assertThat(share.counted(NOW + 20 + WINDOW)).isEqualTo(3);
    }

    @Test
    void partitionsRevokedAndAssignedBackInOneRebalanceKeepWhenTheyCount() {
        share.assigned(Set.of(0, 1), 6, NOW);
        share.revoked(Set.of(0, 1), NOW + 10);
        share.assigned(Set.of(0, 1, 2, 3, 4, 5), 6, NOW + 10);

        assertThat(share.counted(NOW + WINDOW))
                .as("0 and 1 from their own gain")
                .isEqualTo(2);
        assertThat(share.counted(NOW + 10 + WINDOW)).isEqualTo(6);
    }

    @Test
    void aPartitionHandedOverStopsCountingAtOnce() {
        share.assigned(Set.of(0, 1, 2), 3, NOW);
        share.revoked(Set.of(2), NOW);

        assertThat(share.counted(NOW)).isEqualTo(2);

        share.assigned(Set.of(0, 1), 3, NOW + 10);
        share.assigned(Set.of(0, 1, 2), 3, NOW + 20);
        assertThat(share.counted(NOW + 20))
                .as("given away in an earlier rebalance, so a gain")
                .isEqualTo(2);
    }

    @Test
    void aPartitionRevokedAWindowOrMoreBeforeItIsAssignedBackIsAGain() {
        share.assigned(Set.of(0, 1, 2), 6, NOW);
        share.revoked(Set.of(0, 1, 2), NOW);
        share.assigned(Set.of(0, 1, 2), 6, NOW + WINDOW);

        assertThat(share.counted(NOW + WINDOW)).isZero();
        assertThat(share.counted(NOW + 2 * WINDOW)).isEqualTo(3);
    }

    @Test
    void aLostPartitionAssignedAgainIsAGain() {
        share.assigned(Set.of(0, 1, 2), 3, NOW);
        share.lost(Set.of(0, 1, 2));
        assertThat(share.counted(NOW)).isZero();

        share.assigned(Set.of(0, 1, 2), 3, NOW + 10);
        assertThat(share.counted(NOW + 10)).isZero();
        assertThat(share.counted(NOW + 10 + WINDOW)).isEqualTo(3);
    }
}
