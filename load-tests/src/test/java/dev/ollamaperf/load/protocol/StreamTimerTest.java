package dev.ollamaperf.load.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link StreamTimer} records from the body lines of one answer, as bytes stamped on arrival. */
final class StreamTimerTest {

    private final List<StreamObservation> observations = new ArrayList<>();

    @Test
    void chatStream_recordsTokensGapsAnswerAndServerTimings() {
        StreamTimer timer = timer(OllamaApi.CHAT);

        line(timer, "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"He\"},\"done\":false}", 100);
        line(timer, "", 105); // a blank line between chunks counts for nothing
        line(
                timer,
                "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"y \\\"\\u00e9\\\"\"},\"done\":false}",
                130);
        line(
                timer,
                "{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\","
                        + "\"total_duration\":900,\"load_duration\":1,\"prompt_eval_count\":8,\"prompt_eval_duration\":20,"
                        + "\"eval_count\":2,\"eval_duration\":700}",
                190);
        timer.complete(200);

        StreamObservation seen = observations.get(0);
        assertThat(seen.outcome()).isEqualTo(RequestOutcome.OK);
        assertThat(seen.tokens()).isEqualTo(2);
        assertThat(seen.firstTokenNanos()).isEqualTo(100);
        assertThat(seen.interTokenGaps()).containsExactly(30);
        assertThat(seen.endNanos()).isEqualTo(190);
        assertThat(seen.answer()).isEqualTo("Hey \"é\"");
        assertThat(seen.server()).isEqualTo(new StreamObservation.ServerTimings(900, 1, 8, 20, 2, 700));
        assertThat(seen.firstThinkingNanos()).isEqualTo(-1);
    }

    @Test
    void generateStream_thinkingChunksCountAsTokensAndMarkFirstThinking() {
        StreamTimer timer = timer(OllamaApi.GENERATE);

        line(timer, "{\"response\":\"\",\"thinking\":\"hm\",\"done\":false}", 10);
        line(timer, "{\"response\":\"ok\",\"done\":false}", 25);
        line(timer, "{\"response\":\"\",\"done\":true,\"eval_count\":2}", 40);
        timer.complete(50);

        StreamObservation seen = observations.get(0);
        assertThat(seen.tokens()).isEqualTo(2);
        assertThat(seen.firstThinkingNanos()).isEqualTo(10);
        assertThat(seen.firstTokenNanos()).isEqualTo(25);
        assertThat(seen.interTokenGaps()).containsExactly(15);
        assertThat(seen.answer()).isEqualTo("ok");
    }

    @Test
    void openAiStream_readsDeltasUsageAndTheDoneMarker() {
        StreamTimer timer = timer(OllamaApi.OPENAI_CHAT);

        line(timer, "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"A\"}}]}", 10);
        line(timer, "", 11);
        line(timer, ": keep-alive comment", 12);
        line(timer, "data:{\"choices\":[{\"delta\":{\"content\":\"B\"}},{\"delta\":{\"content\":\"X\"}}]}", 20);
        line(timer, "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}", 30);
        line(timer, "data: [DONE]", 35);
        timer.complete(40);

        StreamObservation seen = observations.get(0);
        assertThat(seen.outcome()).isEqualTo(RequestOutcome.OK);
        assertThat(seen.tokens()).isEqualTo(2);
        assertThat(seen.answer()).isEqualTo("AB");
        assertThat(seen.endNanos()).isEqualTo(35);
        assertThat(seen.server()).isEqualTo(new StreamObservation.ServerTimings(0, 0, 5, 0, 2, 0));
    }

    @Test
    void errorLine_failsTheStreamWithTheServersMessage() {
        StreamTimer text = timer(OllamaApi.CHAT);
        line(text, "{\"error\":\"model 'x' not found\"}", 10);
        text.complete(20);
        StreamTimer object = timer(OllamaApi.OPENAI_CHAT);
        line(object, "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"api_error\"}}", 10);
        object.complete(20);

        assertThat(observations)
                .extracting(StreamObservation::outcome, StreamObservation::message)
                .containsExactly(
                        tuple(RequestOutcome.STREAM_ERROR, "model 'x' not found"),
                        tuple(RequestOutcome.STREAM_ERROR, "overloaded"));
    }

    @Test
    void malformedLine_failsTheStreamNamingTheLine() {
        StreamTimer truncated = timer(OllamaApi.CHAT);
        line(truncated, "{\"message\":{\"content\":\"a\"}}", 10);
        line(truncated, "{\"message\":{\"content\":\"b", 20);
        line(truncated, "{\"done\":true}", 30);
        truncated.complete(40);
        StreamTimer notAnObject = timer(OllamaApi.CHAT);
        line(notAnObject, "42", 10);
        notAnObject.complete(20);

        assertThat(observations.get(0).outcome()).isEqualTo(RequestOutcome.STREAM_ERROR);
        assertThat(observations.get(0).message()).isEqualTo("unparseable line: {\"message\":{\"content\":\"b");
        assertThat(observations.get(1).message()).isEqualTo("unparseable line: 42");
    }

    @Test
    void malformedSseLine_keepsItsNonAsciiEndInTheMessage() {
        StreamTimer timer = timer(OllamaApi.OPENAI_CHAT);
        line(timer, "data: {\"choices\":[{\"delta\":{\"content\":\"é", 10);
        timer.complete(20);

        assertThat(observations.get(0).message())
                .isEqualTo("unparseable line: {\"choices\":[{\"delta\":{\"content\":\"é");
    }

    @Test
    void streamWithoutFinalChunk_isDropped() {
        StreamTimer timer = timer(OllamaApi.CHAT);
        line(timer, "{\"message\":{\"content\":\"a\"},\"done\":false}", 10);
        timer.complete(20);

        assertThat(observations.get(0).outcome()).isEqualTo(RequestOutcome.DROPPED);
        assertThat(observations.get(0).message()).isEqualTo("stream ended without a final chunk after 1 tokens");
    }

    @Test
    void lineInsideALargerArray_isReadFromItsOffset() {
        StreamTimer timer = timer(OllamaApi.CHAT);
        byte[] buffer = "xx{\"message\":{\"content\":\"in\"},\"done\":true}yy".getBytes(StandardCharsets.UTF_8);

        timer.line(buffer, 2, buffer.length - 4, 10);
        timer.complete(20);

        assertThat(observations.get(0).outcome()).isEqualTo(RequestOutcome.OK);
        assertThat(observations.get(0).answer()).isEqualTo("in");
    }

    private StreamTimer timer(OllamaApi api) {
        OllamaRequest request =
                new OllamaRequest(api, "m", List.of(new OllamaRequest.Message("user", "hi")), true, -1, 0, null);
        StreamTimer timer = new StreamTimer(request, 0, 0, true, observations::add);
        timer.status(200);
        return timer;
    }

    private static void line(StreamTimer timer, String line, long arrival) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        timer.line(bytes, 0, bytes.length, arrival);
    }
}
