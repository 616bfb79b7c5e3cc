package dev.ollamaperf.client.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ApiTypesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "PT0S, 0s",
        "PT5M, 5m",
        "PT1H, 1h",
        "PT1H30M, 90m",
        "PT1.5S, 1500ms",
        "PT0.000000250S, 250ns",
        "PT90S, 90s"
    })
    void keepAlive_toWire_writesGoDurationsOllamaAccepts(Duration d, String wire) {
        assertThat(KeepAlive.of(d).toWire()).isEqualTo(wire);
        assertThat(KeepAlive.parse(wire)).isEqualTo(KeepAlive.of(d));
    }

    @Test
    void keepAlive_parse_acceptsGoFormsAndNegativeMeansForever() {
        assertThat(KeepAlive.parse("1h30m").duration()).isEqualTo(Duration.ofMinutes(90));
        assertThat(KeepAlive.parse("1.5s").duration()).isEqualTo(Duration.ofMillis(1500));
        assertThat(KeepAlive.parse("0")).isEqualTo(KeepAlive.UNLOAD_NOW);
        assertThat(KeepAlive.parse("-1m")).isEqualTo(KeepAlive.FOREVER);
        assertThat(KeepAlive.FOREVER.toWire()).isEqualTo("-1m");
        assertThat(KeepAlive.ofSeconds(-5)).isEqualTo(KeepAlive.FOREVER);
    }

    @Test
    void keepAlive_parse_unitlessOrUnknownUnit_failsNamingValue() {
        assertThatThrownBy(() -> KeepAlive.parse("3600"))
                .hasMessage("'keep_alive' must be a Go duration such as \"5m\" (missing unit), got: \"3600\"");
        assertThatThrownBy(() -> KeepAlive.parse("5d")).hasMessageContaining("unknown unit 'd'");
        assertThatThrownBy(() -> KeepAlive.of(Duration.ofSeconds(-1))).hasMessageContaining("must be >= 0");
    }

    @Test
    void think_invalidLevel_failsListingValidValues() {
        assertThat(Think.level("high").isBoolean()).isFalse();
        assertThat(Think.ON.isBoolean()).isTrue();
        assertThatThrownBy(() -> Think.level("extreme"))
                .hasMessageContaining("'think' must be one of")
                .hasMessageContaining("\"extreme\"");
    }

    @Test
    void modelNames_normalize_addsLatestOnlyWithoutTag() {
        assertThat(ModelNames.normalize("llama3.2")).isEqualTo("llama3.2:latest");
        assertThat(ModelNames.normalize("llama3.2:1b")).isEqualTo("llama3.2:1b");
        assertThat(ModelNames.normalize("host:5000/ns/model")).isEqualTo("host:5000/ns/model:latest");
    }

    @Test
    void records_invalidValues_failWithNamedMessages() {
        assertThatThrownBy(() -> GenerateRequest.builder("m").topLogprobs(21).build())
                .hasMessage("'top_logprobs' must be between 0 and 20, got: 21");
        assertThatThrownBy(() -> new Metrics(-1, 0, 0, 0, 0, 0)).hasMessage("'total_duration' must be >= 0, got: -1");
        assertThatThrownBy(() -> Options.builder().numCtx(0).build()).hasMessage("'num_ctx' must be >= 1, got: 0");
        assertThatThrownBy(() -> Format.schema("[1]")).hasMessageContaining("must be a JSON object");
    }

    @Test
    void metrics_derivedValues_followOllamaDefinitions() {
        Metrics m = new Metrics(2_480_000_000L, 3_100_000L, 31, 42_000_000L, 120, 2_390_000_000L);
        assertThat(m.outputTokensPerSecond()).isEqualTo(120 / 2.39);
        assertThat(m.serverTtftNanos()).isEqualTo(45_100_000L);
        assertThat(Metrics.NONE.outputTokensPerSecond()).isZero();
        assertThat(Options.DEFAULTS.isEmpty()).isTrue();
    }

    @Test
    void chatMessage_roleIsLowerCasedAndContentNeverNull() {
        ChatMessage m = new ChatMessage("Assistant", null, null, null, null, null, null);
        assertThat(m.role()).isEqualTo("assistant");
        assertThat(m.content()).isEmpty();
    }

    @Test
    void withModelWithStream_unchangedValue_sameRequestOtherwiseACopy() {
        ChatRequest chat = ChatRequest.builder("m").messages(List.of(ChatMessage.user("hi"))).stream(true)
                .build();
        GenerateRequest generate =
                GenerateRequest.builder("m").prompt("x").stream(true).build();

        assertThat(chat.withModel("m")).isSameAs(chat);
        assertThat(chat.withStream(true)).isSameAs(chat);
        assertThat(chat.withModel("n")).isEqualTo(chat.toBuilder().model("n").build());
        assertThat(chat.withStream(false).stream()).isFalse();
        assertThat(ChatRequest.of("m", List.of()).withStream(true).stream()).isTrue();
        assertThat(generate.withModel("m")).isSameAs(generate);
        assertThat(generate.withStream(true)).isSameAs(generate);
        assertThat(generate.withModel("n").model()).isEqualTo("n");
        assertThat(generate.withStream(false).stream()).isFalse();
    }
}
