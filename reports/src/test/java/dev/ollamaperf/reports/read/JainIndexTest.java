package dev.ollamaperf.reports.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

final class JainIndexTest {

    @Test
    void of_equalCounts_isOne() {
        assertThat(JainIndex.of(List.of(7L, 7L, 7L, 7L)).getAsDouble()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void of_oneUserGotEverything_isOneOverN() {
        assertThat(JainIndex.of(List.of(0L, 12L, 0L, 0L, 0L)).getAsDouble()).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void of_halfTheUsersStarved_isOneHalf() {
        assertThat(JainIndex.of(List.of(5L, 5L, 0L, 0L)).getAsDouble()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void of_unevenCounts_isTheFormula() {
        // (3+2+3+2)^2 / (4 * (9+4+9+4)) = 100 / 104
        assertThat(JainIndex.of(List.of(3L, 2L, 3L, 2L)).getAsDouble()).isCloseTo(100.0 / 104, within(1e-12));
    }

    @Test
    void of_oneUserOrNoAnswer_isEmpty() {
        assertThat(JainIndex.of(List.of(9L))).isEmpty();
        assertThat(JainIndex.of(List.of())).isEmpty();
        assertThat(JainIndex.of(List.of(0L, 0L))).isEmpty();
    }
}
