package dev.ollamaperf.client;

import static dev.ollamaperf.client.EmulatorFixture.TINY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.client.api.ChatMessage;
import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.EmbedRequest;
import dev.ollamaperf.client.api.EmbedResponse;
import dev.ollamaperf.client.api.GenerateRequest;
import dev.ollamaperf.client.api.GenerateResponse;
import dev.ollamaperf.client.api.KeepAlive;
import dev.ollamaperf.client.api.Options;
import dev.ollamaperf.client.api.ShowRequest;
import dev.ollamaperf.client.api.openai.ChatCompletionRequest;
import dev.ollamaperf.client.api.openai.OpenAiMessage;
import dev.ollamaperf.client.error.ModelNotFoundException;
import dev.ollamaperf.client.metrics.MetricsSnapshot;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.engine.EngineSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The client end to end against the embedded emulator: every call of the facade once, streaming included; and, at
 * the end, that none of it reached a destructive endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
final class OllamaClientEmulatorTest {

    private Emulator emulator;
    private OllamaClient client;

    @BeforeAll
    void start() {
        emulator = EmulatorFixture.start(EngineSettings.builder().numParallel(4).build());
        client = EmulatorFixture.client(EmulatorFixture.config(emulator).build());
    }

    @AfterAll
    void stop() {
        try {
            assertThat(EmulatorFixture.destructiveCalls(emulator))
                    .as("destructive calls")
                    .isZero();
        } finally {
            client.close();
            emulator.close();
        }
    }

    @Test
    void generate_streamed_deliversChunksAsTheyArriveAndAggregates() {
        List<String> pieces = new ArrayList<>();
        List<Long> arrivals = new ArrayList<>();
        StreamAggregate a = client.generate(
                GenerateRequest.builder(TINY)
                        .prompt("Why is the sky blue?")
                        .options(Options.builder().numPredict(30).build())
                        .build(),
                (chunk, t) -> {
                    pieces.add(chunk.response());
                    arrivals.add(t);
                });
        assertThat(a.done()).isTrue();
        assertThat(a.text()).isNotEmpty().isEqualTo(String.join("", pieces));
        assertThat(a.metrics().evalCount()).isEqualTo(30);
        assertThat(a.doneReason()).isEqualTo("length");
        assertThat(a.contentChunkCount()).isGreaterThan(1);
        assertThat(arrivals).isSorted();
        assertThat(a.ttftNanos()).isPositive().isLessThanOrEqualTo(a.lastChunkNanos());
        // tiny decodes ~400 tokens/s: 30 tokens take >= ~70 ms of server time, so chunks cannot all come at once
        assertThat(a.lastChunkNanos() - a.ttftNanos()).isGreaterThan(20_000_000L);
    }

    @Test
    void chat_streamedAndBlocking_returnAssistantText() {
        ChatRequest request = ChatRequest.builder(TINY)
                .messages(List.of(ChatMessage.user("hi")))
                .options(Options.builder().numPredict(10).build())
                .build();
        List<ChatResponse> chunks = new ArrayList<>();
        StreamAggregate streamed = client.chat(request, (c, t) -> chunks.add(c));
        assertThat(streamed.done()).isTrue();
        assertThat(chunks.get(chunks.size() - 1).done()).isTrue();
        assertThat(streamed.model()).isEqualTo(TINY);
        ChatResponse blocking = client.chat(request);
        assertThat(blocking.done()).isTrue();
        assertThat(blocking.message().role()).isEqualTo("assistant");
        assertThat(blocking.message().content()).isNotEmpty();
        assertThat(blocking.metrics().evalCount()).isEqualTo(10);
    }

    @Test
    void chat_streamedToNoListener_sameAnswerAndTimingsRecordedAsWithAListener() {
        ChatRequest request = ChatRequest.builder(TINY)
                .messages(List.of(ChatMessage.user("Why is the sky blue?")))
                .options(Options.builder()
                        .numPredict(12)
                        .seed(7)
                        .temperature(0.0)
                        .build())
                .build();
        List<ChatResponse> chunks = new ArrayList<>();
        StreamAggregate listened = client.chat(request, (c, t) -> chunks.add(c));
        long calls = client.metrics().snapshot().models().get(TINY).ttftNanos().count();

        // Without a listener the chunks are read straight into the aggregate (no ChatResponse per chunk).
        StreamAggregate ignored = client.chat(request, StreamListener.ignoring());

        assertThat(ignored.text()).isNotEmpty().isEqualTo(listened.text());
        assertThat(ignored.chunkCount()).isEqualTo(chunks.size()).isEqualTo(listened.chunkCount());
        assertThat(ignored.contentChunkCount()).isEqualTo(listened.contentChunkCount());
        assertThat(ignored.gapsNanos()).hasSize(listened.contentChunkCount() - 1);
        assertThat(ignored.ttftNanos()).isPositive().isLessThanOrEqualTo(ignored.lastChunkNanos());
        assertThat(ignored.model()).isEqualTo(TINY);
        assertThat(ignored.doneReason()).isEqualTo(listened.doneReason()).isNotNull();
        assertThat(ignored.metrics().evalCount())
                .isEqualTo(listened.metrics().evalCount())
                .isEqualTo(12);
        assertThat(client.metrics().snapshot().models().get(TINY).ttftNanos().count())
                .as("the call's TTFT recorded in the client's metrics")
                .isEqualTo(calls + 1);
    }

    @Test
    void generate_blocking_returnsFullTextAndMetrics() {
        GenerateResponse r = client.generate(GenerateRequest.builder(client.defaultModel())
                .prompt("x")
                .options(Options.builder().numPredict(5).build())
                .build());
        assertThat(r.model()).isEqualTo(TINY);
        assertThat(r.response()).isNotEmpty();
        assertThat(r.metrics().evalCount()).isEqualTo(5);
        assertThat(r.metrics().totalDuration()).isPositive();
    }

    @Test
    void defaultModel_explicitOrTheDefaultModelConstant_isTheConfiguredOne() {
        assertThat(client.defaultModel())
                .isEqualTo(TINY)
                .isEqualTo(client.config().defaultModel());
        assertThat(OllamaClient.DEFAULT_MODEL).isEmpty(); // what a JSON request without "model" decodes to
        Options five = Options.builder().numPredict(5).build();
        GenerateResponse generated = client.generate(GenerateRequest.builder(OllamaClient.DEFAULT_MODEL)
                .prompt("x")
                .options(five)
                .build());
        ChatResponse chatted = client.chat(ChatRequest.builder(OllamaClient.DEFAULT_MODEL)
                .messages(List.of(ChatMessage.user("hi")))
                .options(five)
                .build());
        StreamAggregate streamed = client.chat(
                ChatRequest.builder(OllamaClient.DEFAULT_MODEL)
                        .messages(List.of(ChatMessage.user("hi")))
                        .options(five)
                        .build(),
                (c, t) -> {});
        assertThat(List.of(generated.model(), chatted.model(), streamed.model()))
                .containsOnly(TINY);
    }

    @Test
    void chatCompletion_v1StreamedAndBlocking_work() {
        ChatCompletionRequest req = ChatCompletionRequest.of(TINY, List.of(OpenAiMessage.of("user", "hi")), true)
                .withIncludeUsage();
        List<String> deltas = new ArrayList<>();
        StreamAggregate a = client.chatCompletion(req, (c, t) -> deltas.add(c.contentDelta()), new CallControl());
        assertThat(a.done()).isTrue();
        assertThat(a.text()).isEqualTo(String.join("", deltas));
        assertThat(a.doneReason()).isIn("stop", "length");
        assertThat(a.metrics().evalCount()).isPositive();
        assertThat(client.chatCompletion(ChatCompletionRequest.of(TINY, List.of(OpenAiMessage.of("user", "hi")), false))
                        .choices()
                        .get(0)
                        .message()
                        .content())
                .isNotEmpty();
    }

    @Test
    void metadataCalls_tagsPsShowVersion_decode() {
        assertThat(client.version().version()).isNotBlank();
        assertThat(client.tags().find(TINY)).isPresent();
        client.warmUp(TINY, KeepAlive.of(Duration.ofMinutes(1)));
        assertThat(client.ps().names()).contains(TINY);
        assertThat(client.show(ShowRequest.of(TINY)).capabilities()).contains("completion");
    }

    @Test
    void warmUp_emptyPrompt_loadsWithDoneReasonLoad() {
        GenerateResponse r = client.warmUp(TINY, KeepAlive.FOREVER);
        assertThat(r.doneReason()).isEqualTo("load");
        assertThat(r.response()).isEmpty();
    }

    @Test
    void embed_twoInputs_returnsTwoVectors() {
        EmbedResponse r = client.embed(EmbedRequest.of("nomic-embed-text:latest", List.of("a", "b")));
        assertThat(r.embeddings()).hasSize(2);
        assertThat(r.embeddings().get(0)).hasSize(768);
    }

    @Test
    void generate_unknownModelWithoutFallback_throwsModelNotFoundNamingIt() {
        assertThatThrownBy(() -> client.generate(
                        GenerateRequest.builder("nope:1b").prompt("x").build()))
                .isInstanceOfSatisfying(
                        ModelNotFoundException.class, e -> assertThat(e.model()).isEqualTo("nope:1b"));
    }

    @Test
    void metrics_afterCalls_recordLatencyTtftAndErrors() {
        client.generate(
                GenerateRequest.builder(TINY)
                        .prompt("m")
                        .options(Options.builder().numPredict(5).build())
                        .build(),
                (c, t) -> {});
        assertThatThrownBy(() -> client.chat(ChatRequest.of("missing:7b", List.of(ChatMessage.user("x")))))
                .isInstanceOf(ModelNotFoundException.class);
        MetricsSnapshot s = client.metrics().snapshot();
        assertThat(s.models().get(TINY).latencyNanos().count()).isPositive();
        assertThat(s.models().get(TINY).ttftNanos().count()).isPositive();
        assertThat(s.models().get(TINY).outputTpsMilli().count()).isPositive();
        assertThat(s.errors().get("missing:7b")).isNotEmpty();
        assertThat(s.queueWait().count()).isPositive();
    }
}
