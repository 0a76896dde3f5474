package io.tokenpolicy.worker.tokenapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenpolicy.worker.config.RateLimitScope;
import io.tokenpolicy.worker.tokenapi.LimitShare.Allowance;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Each instance of a group takes the share of the limit its counted partitions give it, rounded down, so the shares add
 * up to the limit at most; beyond it only a floor for the security lane, and one billing call for a share that rounds
 * to none.
 */
class LimitShareTest {

    private static final Duration WINDOW = Duration.ofSeconds(1);

    private final AtomicLong now = new AtomicLong(7_000);

    @Test
    void threeInstancesOfSixPartitionsTakeATenthOfThirtyEachAndTwoTakeHalf() {
        List<LimitShare> group = List.of(group(30), group(30), group(30));
        group.get(0).assigned(Set.of(0, 1), 6);
        group.get(1).assigned(Set.of(2, 3), 6);
        group.get(2).assigned(Set.of(4, 5), 6);
        now.addAndGet(WINDOW.toNanos());

        assertThat(group).allSatisfy(share -> assertThat(share.at(now.get()))
                .isEqualTo(new Allowance(10, 10, 2 / 6.0, 2, 2, 6)));

        group.get(0).revoked(Set.of(0, 1));
        group.get(1).revoked(Set.of(2, 3));
        group.get(2).revoked(Set.of(4, 5));
        group.get(0).assigned(Set.of(0, 1, 2), 6);
        group.get(1).assigned(Set.of(3, 4, 5), 6);
        assertThat(group.get(0).at(now.get()).total())
                .as("partition 2 counts one window later")
                .isEqualTo(10);

        now.addAndGet(WINDOW.toNanos());
        assertThat(group.get(0).at(now.get()).total()).isEqualTo(15);
        assertThat(group.get(1).at(now.get()).total()).isEqualTo(15);
    }

    @Test
    void partitionsRevokedByAnInstanceThatRejoinsOnlyWindowsLaterCountOneWindowAfterTheyComeBack() {
        LimitShare stuck = group(30);
        LimitShare other = group(30);
        stuck.assigned(Set.of(0, 1, 2), 6);
        other.assigned(Set.of(3, 4, 5), 6);
        now.addAndGet(WINDOW.toNanos());

        stuck.revoked(Set.of(0, 1, 2));
        other.revoked(Set.of(3, 4, 5));
        other.assigned(Set.of(0, 1, 2, 3, 4, 5), 6);
        now.addAndGet(2 * WINDOW.toNanos());
        assertThat(other.at(now.get()).total())
                .as("the other instance took over and counts all of them")
                .isEqualTo(30);

        other.revoked(Set.of(0, 1, 2, 3, 4, 5));
        other.assigned(Set.of(3, 4, 5), 6);
        stuck.assigned(Set.of(0, 1, 2), 6);
        assertThat(stuck.at(now.get()).counted())
                .as("the other instance's calls for them are still in the gateway's window")
                .isZero();

        now.addAndGet(WINDOW.toNanos());
        assertThat(stuck.at(now.get()).total()).isEqualTo(15);
    }

    @Test
    void sharesAreRoundedDownSoTheyNeverAddUpToMore() {
        List<LimitShare> group = List.of(group(10), group(10), group(10));
        group.get(0).assigned(Set.of(0, 1, 2, 3), 8);
        group.get(1).assigned(Set.of(4, 5), 8);
        group.get(2).assigned(Set.of(6, 7), 8);
        now.addAndGet(WINDOW.toNanos());

        assertThat(group.stream().mapToInt(share -> share.at(now.get()).total()))
                .containsExactly(5, 2, 2);
    }

    @Test
    void aShareThatRoundsToNoCallKeepsTheSecurityFloorAndOneBillingCall() {
        LimitShare share = group(10);
        share.assigned(Set.of(0), 24);
        assertThat(share.at(now.get()))
                .as("the partition counts one window later")
                .isEqualTo(new Allowance(LimitShare.SECURITY_FLOOR, 0, 0, 0, 1, 24));

        now.addAndGet(WINDOW.toNanos());
        assertThat(share.at(now.get())).isEqualTo(new Allowance(LimitShare.SECURITY_FLOOR, 1, 1 / 24.0, 1, 1, 24));
    }

    @Test
    void aGroupKeepsToTheLimitWithItsFloorsOnlyWithTwiceAsManyCallsPerWindowAsPartitions() {
        assertThat(groupOfOnePartitionEach(12, 6)).as("12 calls, 6 partitions").isEqualTo(12);
        assertThat(groupOfOnePartitionEach(6, 6))
                .as("6 calls, 6 partitions: every share is 1, below the security floor of 2")
                .isEqualTo(12);
    }

    /** The calls per window of a group whose {@code partitions} instances hold one partition each, added up. */
    private int groupOfOnePartitionEach(int requests, int partitions) {
        int total = 0;
        for (int partition = 0; partition < partitions; partition++) {
            LimitShare share = group(requests);
            share.assigned(Set.of(partition), partitions);
            total += share.at(now.get() + WINDOW.toNanos()).total();
        }
        return total;
    }

    @Test
    void theFloorIsNeverMoreThanTheLimit() {
        LimitShare share = group(1);
        share.assigned(Set.of(0, 1, 2), 3);

        assertThat(share.at(now.get()).total()).isEqualTo(1);
    }

    @Test
    void keptPerInstanceTheShareIsAllOfTheLimitWhateverTheInstanceHolds() {
        LimitShare share = new LimitShare(30, WINDOW, RateLimitScope.INSTANCE, now::get);
        share.assigned(Set.of(0), 6);

        assertThat(share.at(now.get())).isEqualTo(new Allowance(30, 30, 1, 1, 1, 6));
    }

    private LimitShare group(int requests) {
        return new LimitShare(requests, WINDOW, RateLimitScope.GROUP, now::get);
    }
}
