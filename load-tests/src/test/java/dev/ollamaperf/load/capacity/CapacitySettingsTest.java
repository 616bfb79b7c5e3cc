package dev.ollamaperf.load.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.load.run.LoadSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sweep's settings: levels doubling to a maximum, or an explicit list; step names without dots. */
final class CapacitySettingsTest {

    @Test
    void from_defaults_doublesUsersFromOneToThirtyTwo() {
        CapacitySettings settings = CapacitySettings.from(Map.of(), base(Map.of()));

        assertThat(settings.sweep()).isEqualTo(Sweep.CONCURRENCY);
        assertThat(settings.levels()).containsExactly(1.0, 2.0, 4.0, 8.0, 16.0, 32.0);
        assertThat(settings.stepDuration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void from_rateSweepWithMax_doublesFromTheRate() {
        Map<String, String> p = Map.of(
                "ollama.perf.sweep",
                "rate",
                "ollama.perf.rate",
                "0.5",
                "ollama.perf.maxLevel",
                "4",
                "ollama.perf.duration",
                "2s");
        CapacitySettings settings = CapacitySettings.from(p, base(p));

        assertThat(settings.levels()).containsExactly(0.5, 1.0, 2.0, 4.0);
        assertThat(settings.stepDuration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.levels().stream().map(Sweep.RATE::stepName))
                .containsExactly("capacity_r0_5", "capacity_r1", "capacity_r2", "capacity_r4");
    }

    @Test
    void from_explicitLevels_keptInOrderAndNamed() {
        Map<String, String> p = Map.of("ollama.perf.levels", "1, 3,6");
        CapacitySettings settings = CapacitySettings.from(p, base(p));

        assertThat(settings.levels().stream().map(Sweep.CONCURRENCY::stepName))
                .containsExactly("capacity_c001", "capacity_c003", "capacity_c006");
    }

    @Test
    void from_badLevels_namePropertyRuleAndValue() {
        Map<String, String> decreasing = Map.of("ollama.perf.levels", "4,2");
        assertThatThrownBy(() -> CapacitySettings.from(decreasing, base(decreasing)))
                .hasMessage("'ollama.perf.levels' must increase, got: [4.0, 2.0]");
        Map<String, String> fractional = Map.of("ollama.perf.levels", "1.5");
        assertThatThrownBy(() -> CapacitySettings.from(fractional, base(fractional)))
                .hasMessageContaining("whole numbers of users")
                .hasMessageContaining("1.5");
        Map<String, String> sweep = Map.of("ollama.perf.sweep", "users");
        assertThatThrownBy(() -> CapacitySettings.from(sweep, base(sweep)))
                .hasMessage("'ollama.perf.sweep' must be concurrency or rate, got: users");
    }

    private static LoadSettings base(Map<String, String> properties) {
        return LoadSettings.from(properties, Map.of());
    }
}
