package dev.ollamaperf.load.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class UserCountsTest {

    @Test
    void snapshot_usersAnsweredUnansweredAndNever_countsEachInUserOrderWithZeroForTheStarvedOne() {
        UserCounts counts = new UserCounts();
        counts.started(3);
        counts.ended(3, true);
        counts.started(1);
        counts.ended(1, true);
        counts.started(1);
        counts.ended(1, true);
        counts.started(2);
        counts.ended(2, false);

        assertThat(counts.snapshot()).containsExactly(2L, 0L, 1L);
    }

    @Test
    void snapshot_twoPathsOfOnePairedPhase_addsUpUserByUser() {
        UserCounts integration = new UserCounts();
        UserCounts direct = new UserCounts();
        integration.started(1);
        integration.ended(1, true);
        direct.started(1);
        direct.ended(1, true);
        direct.started(2);
        direct.ended(2, true);

        assertThat(UserCounts.snapshot(integration, direct)).containsExactly(2L, 1L);
    }

    @Test
    void snapshot_noRequest_isEmpty() {
        assertThat(new UserCounts().snapshot()).isEmpty();
    }
}
