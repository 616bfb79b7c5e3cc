package dev.ollamaperf.emulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The fault plan's text form. */
final class FaultPlanTest {

    @Test
    void parse_everyKind_fillsEveryField() {
        FaultPlan plan = FaultPlan.parse(
                "error=0.05,stall=0.1:after=5:for=2s,drop=0.02:after=3,busy=every:10,slowload=3x,spike=0.01:500ms");

        assertThat(plan.errorRatio()).isEqualTo(0.05);
        assertThat(plan.stall()).isEqualTo(new FaultPlan.Stall(0.1, 5, Duration.ofSeconds(2)));
        assertThat(plan.drop()).isEqualTo(new FaultPlan.Drop(0.02, 3));
        assertThat(plan.busy()).isEqualTo(new FaultPlan.Busy(10, Duration.ZERO, Duration.ZERO));
        assertThat(plan.slowLoad()).isEqualTo(new FaultPlan.SlowLoad(1, 3, Duration.ZERO));
        assertThat(plan.spike()).isEqualTo(new FaultPlan.Spike(0.01, Duration.ofMillis(500)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "busy=window:2s/10s",
                "slowload=+2s",
                "slowload=1.5x+250ms:ratio=0.5",
                "busy=every:4,busy=window:1s/1m0s",
                "error=1",
                "fail=llama3.2:latest+tiny",
                "stall=1:after=0:for=1s",
                "none"
            })
    void toString_anyPlan_parsesBackToAnEqualPlan(String text) {
        FaultPlan plan = FaultPlan.parse(text);

        assertThat(FaultPlan.parse(plan.toString())).isEqualTo(plan);
    }

    @Test
    void parse_failModels_takesEachModelWithItsTagAndLatestByDefault() {
        FaultPlan plan = FaultPlan.parse("error=0.1,fail=tiny+llama3.2:3b");

        assertThat(plan.failedModels()).containsExactly("llama3.2:3b", "tiny:latest");
        assertThat(plan.fails("tiny:latest")).isTrue();
        assertThat(plan.fails("llama3.2:latest")).isFalse();
        assertThat(plan.toString()).isEqualTo("error=0.1,fail=llama3.2:3b+tiny:latest");
    }

    @Test
    void parse_emptyOrNone_isNoFaults() {
        assertThat(FaultPlan.parse("")).isEqualTo(FaultPlan.NONE);
        assertThat(FaultPlan.parse(" none ")).isEqualTo(FaultPlan.NONE);
        assertThat(FaultPlan.NONE.isNone()).isTrue();
        assertThat(FaultPlan.NONE.toString()).isEqualTo("none");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "error=1.5|fault plan part 'error=1.5': ratio must be between 0 and 1, got: 1.5",
                "error|fault plan part 'error': must be <kind>=<value> with kind one of error, busy, stall, drop,"
                        + " slowload, spike, fail",
                "crash=0.1|fault plan part 'crash=0.1': unknown fault kind 'crash'; known: error, busy, stall, drop,"
                        + " slowload, spike, fail",
                "stall=0.1:after=5|fault plan part 'stall=0.1:after=5': must be stall=<ratio>:after=<k>:for=<duration>",
                "stall=0.1:after=x:for=2s|fault plan part 'stall=0.1:after=x:for=2s': must be a whole number of 0 or"
                        + " more, got: x",
                "stall=0.1:after=1:for=2|fault plan part 'stall=0.1:after=1:for=2': must be a duration such as 2s or"
                        + " 500ms, got: 2",
                "drop=0.1:before=3|fault plan part 'drop=0.1:before=3': expected after=<value>, got: before=3",
                "busy=sometimes|fault plan part 'busy=sometimes': must be busy=every:<n> or"
                        + " busy=window:<on>/<period>",
                "busy=every:0|fault plan part 'busy=every:0': every must be 1 or more, got: 0",
                "busy=window:5s/2s|fault plan part 'busy=window:5s/2s': fault 'busy' window must not be longer than"
                        + " its period, got: 5s/2s",
                "slowload=3|fault plan part 'slowload=3': factor must end in 'x' such as 3x, got: 3",
                "slowload=0.5x|fault plan part 'slowload=0.5x': fault 'slowload' factor must be 1 or more, got: 0.5",
                "error=0.1,error=0.2|fault plan part 'error=0.2': names fault 'error' a second time",
                "busy=every:2,busy=every:3|fault plan part 'busy=every:3': names fault 'busy=every' a second time",
                "spike=0.1|fault plan part 'spike=0.1': must be spike=<probability>:<duration>",
                "fail=a+|fault plan part 'fail=a+': fault 'fail' must name a model (no ',' or '+' in it), got: ''"
            })
    void parse_badPart_failsNamingThePart(String text, String message) {
        assertThatThrownBy(() -> FaultPlan.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void builder_badRatio_failsNamingTheFault() {
        assertThatThrownBy(() -> FaultPlan.builder().errorRatio(-0.1))
                .hasMessage("fault 'error' ratio must be between 0 and 1, got: -0.1");
        assertThatThrownBy(() -> FaultPlan.builder().stall(2, 1, Duration.ofSeconds(1)))
                .hasMessage("fault 'stall' ratio must be between 0 and 1, got: 2.0");
    }
}
