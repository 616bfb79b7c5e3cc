package dev.ollamaperf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class BodyBudgetTest {

    @Test
    void tryReserve_upToTheCapacity_succeedsThenRefusesUntilReleased() {
        BodyBudget budget = new BodyBudget(100);

        assertThat(budget.tryReserve(60)).isTrue();
        assertThat(budget.tryReserve(41))
                .as("over the capacity: nothing reserved")
                .isFalse();
        assertThat(budget.held()).isEqualTo(60);
        assertThat(budget.tryReserve(40)).isTrue();
        budget.release(60);
        assertThat(budget.tryReserve(60)).isTrue();
        assertThat(budget.held()).isEqualTo(100);
    }

    @Test
    void new_capacityBelowOne_isRejectedNamingTheValue() {
        assertThatThrownBy(() -> new BodyBudget(0)).hasMessage("body budget must be 1 byte or more, got: 0");
    }
}
