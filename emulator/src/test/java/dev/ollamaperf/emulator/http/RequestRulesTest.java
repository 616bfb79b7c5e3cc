package dev.ollamaperf.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.emulator.engine.GoDuration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class RequestRulesTest {

    private static RequestBody body(String json) {
        return RequestBody.parse(json.getBytes(StandardCharsets.UTF_8), "GenerateRequest");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"keep_alive\":30}        | PT30S",
                "{\"keep_alive\":1.5}       | PT1.5S",
                "{\"keep_alive\":\"10m\"}   | PT10M",
                "{\"keep_alive\":\"1h30m\"} | PT1H30M",
                "{\"keep_alive\":\"300ms\"} | PT0.3S",
                "{\"keep_alive\":\"0\"}     | PT0S",
                "{\"keep_alive\":0}         | PT0S",
            })
    void keepAlive_numbersAndGoDurations_parseLikeOllama(String json, String expected) {
        assertThat(RequestRules.keepAlive(body(json))).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"keep_alive\":-1}", "{\"keep_alive\":\"-1m\"}", "{\"keep_alive\":-0.5}"})
    void keepAlive_negative_isForever(String json) {
        assertThat(RequestRules.keepAlive(body(json))).isEqualTo(GoDuration.FOREVER);
    }

    @Test
    void keepAlive_absentOrNull_isNull() {
        assertThat(RequestRules.keepAlive(body("{}"))).isNull();
        assertThat(RequestRules.keepAlive(body("{\"keep_alive\":null}"))).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"keep_alive\":\"3600\"} | time: missing unit in duration \"3600\"",
                "{\"keep_alive\":\"-1\"}   | time: missing unit in duration \"-1\"",
                "{\"keep_alive\":\"5x\"}   | time: unknown unit \"x\" in duration \"5x\"",
                "{\"keep_alive\":\"abc\"}  | time: invalid duration \"abc\"",
            })
    void keepAlive_badString_isRefusedWithGosMessage(String json, String message) {
        assertThatThrownBy(() -> RequestRules.keepAlive(body(json))).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "false", "\"low\"", "\"medium\"", "\"high\"", "\"max\""})
    void think_validValues_areAccepted(String value) {
        assertThat(RequestRules.think(body("{\"think\":" + value + "}"))).isEqualTo(!value.equals("false"));
    }

    @Test
    void think_absent_isNull_soAThinkingModelThinksByDefault() {
        assertThat(RequestRules.think(body("{}"))).isNull();
    }

    @Test
    void think_unknownLevel_isRefusedWithOllamasMessage() {
        assertThatThrownBy(() -> RequestRules.think(body("{\"think\":\"extreme\"}")))
                .hasMessage("invalid think value: \"extreme\" (must be \"high\", \"medium\", \"low\", \"max\", "
                        + "true, or false)");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 21})
    void checkTopLogprobs_outsideZeroToTwenty_isRefused(int value) {
        assertThatThrownBy(() -> RequestRules.checkTopLogprobs(body("{\"top_logprobs\":" + value + "}")))
                .hasMessage("top_logprobs must be between 0 and 20");
    }

    @Test
    void numPredict_negativeOrAbsent_isUnbounded_andFractionsTruncate() {
        assertThat(RequestRules.numPredict(
                        body("{\"options\":{\"num_predict\":-2}}").object("options", "m")))
                .isEqualTo(-1);
        assertThat(RequestRules.numPredict(body("{}").object("options", "m"))).isEqualTo(-1);
        assertThat(RequestRules.numPredict(
                        body("{\"options\":{\"num_predict\":7.9}}").object("options", "m")))
                .isEqualTo(7);
    }

    @Test
    void intOption_wrongType_is500WithOllamasMessage() {
        assertThatThrownBy(() -> RequestRules.numCtx(
                        body("{\"options\":{\"num_ctx\":\"big\"}}").object("options", "m")))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(500))
                .hasMessage("option \"num_ctx\" must be of type integer");
    }

    @Test
    void parse_emptyOrBlankBody_isMissingRequestBody() {
        assertThatThrownBy(() -> body("")).hasMessage("missing request body");
        assertThatThrownBy(() -> body("  \n")).hasMessage("missing request body");
    }

    @Test
    void string_wrongType_isRefusedWithGosUnmarshalMessage() {
        assertThatThrownBy(() -> body("{\"stream\":\"yes\"}").bool("stream", true))
                .hasMessage("json: cannot unmarshal string into Go struct field GenerateRequest.stream of type bool");
    }
}
