package dev.ollamaperf.emulator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.EngineStats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the prompt cache does to a chat: TTFT and server-side prefill of each turn of a 5-turn
 * conversation, with the emulator's prompt cache on and off.
 *
 * <p>Setup: one in-process emulator (127.0.0.1) per mode with the built-in catalogue (its default
 * profile for {@value #MODEL}: prefill 909.2 tokens/s after 100 ms, decode 90.92 tokens/s),
 * {@code OLLAMA_NUM_PARALLEL=1}, the model loaded before the first turn. Each conversation has its
 * own system prompt of about {@value #SYSTEM_TOKENS} tokens; every turn asks a question of about
 * {@value #QUESTION_TOKENS} tokens and gets {@value #ANSWER_TOKENS} tokens back, and the next turn
 * sends the whole history (system, questions, answers) as chat applications do. Conversations run
 * one after the other; their texts share no prefix. Per turn it prints the median over the
 * conversations of {@code prompt_eval_count}, {@code prompt_eval_duration} and the client's TTFT
 * (first line's arrival minus send). A turn that does not end with {@code done:true} prints a
 * WARNING and the run exits 1 (style rule 19).
 *
 * <p>HOW TO RUN: {@code ./mvnw -B -q -pl emulator test-compile exec:java@prompt-cache-measurement}
 * (other conversation counts: {@code -Dexec.args="5"}).
 */
public final class PromptCacheMeasurement {

    static final String MODEL = "llama3.2";
    static final int TURNS = 5;
    static final int SYSTEM_TOKENS = 100;
    static final int QUESTION_TOKENS = 200;
    static final int ANSWER_TOKENS = 40;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    PromptCacheMeasurement(PrintStream out) {
        this.out = out;
    }

    /** One turn as the client saw it. */
    record Turn(int promptEvalCount, long promptEvalNanos, long ttftNanos, String answer) {}

    public static void main(String[] args) throws Exception {
        int conversations = args.length == 0 ? 3 : Integer.parseInt(args[0]);
        boolean valid = new PromptCacheMeasurement(System.out).run(conversations);
        System.exit(valid ? 0 : 1);
    }

    boolean run(int conversations) throws Exception {
        out.printf(
                Locale.ROOT,
                "model %s, %d conversations x %d turns, system ~%d tokens, question ~%d tokens, answer %d tokens%n",
                MODEL,
                conversations,
                TURNS,
                SYSTEM_TOKENS,
                QUESTION_TOKENS,
                ANSWER_TOKENS);
        long[][][] on = measure(true, conversations);
        long[][][] off = measure(false, conversations);
        if (on == null || off == null) {
            return false;
        }
        out.println(
                "turn | prompt_eval_count | prefill ms on | prefill ms off | TTFT ms on | TTFT ms off | TTFT off/on");
        for (int t = 0; t < TURNS; t++) {
            double ttftOn = median(on[1][t]) / 1e6;
            double ttftOff = median(off[1][t]) / 1e6;
            out.printf(
                    Locale.ROOT,
                    "%d | %d | %.1f | %.1f | %.1f | %.1f | %.2f%n",
                    t + 1,
                    median(on[2][t]),
                    median(on[0][t]) / 1e6,
                    median(off[0][t]) / 1e6,
                    ttftOn,
                    ttftOff,
                    ttftOff / ttftOn);
        }
        return true;
    }

    /** [metric: prefill, ttft, count][turn][conversation], or null after a broken turn. */
    private long[][][] measure(boolean promptCache, int conversations) throws Exception {
        EngineSettings settings =
                EngineSettings.builder().numParallel(1).promptCache(promptCache).build();
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(settings))) {
            URI base = emulator.baseUri();
            post(base, "{\"model\":\"" + MODEL + "\",\"messages\":[]}");
            long[][][] result = new long[3][TURNS][conversations];
            for (int c = 0; c < conversations; c++) {
                ArrayNode messages = JSON.createArrayNode();
                messages.addObject().put("role", "system").put("content", text("system " + c, SYSTEM_TOKENS));
                for (int t = 0; t < TURNS; t++) {
                    messages.addObject().put("role", "user").put("content", text("q" + c + "." + t, QUESTION_TOKENS));
                    Turn turn = turn(base, messages);
                    if (turn == null) {
                        out.printf(Locale.ROOT, "WARNING conversation %d turn %d did not finish%n", c, t + 1);
                        return null;
                    }
                    result[0][t][c] = turn.promptEvalNanos();
                    result[1][t][c] = turn.ttftNanos();
                    result[2][t][c] = turn.promptEvalCount();
                    messages.addObject().put("role", "assistant").put("content", turn.answer());
                }
            }
            EngineStats.ModelStats stats = emulator.engine().stats().models().get("llama3.2:latest");
            out.printf(
                    Locale.ROOT,
                    "prompt cache %s: %d prompt tokens, %d from the cache (%.1f%%)%n",
                    promptCache ? "on" : "off",
                    stats.promptTokens(),
                    stats.cachedPromptTokens(),
                    100.0 * stats.cachedPromptTokens() / Math.max(1, stats.promptTokens()));
            return result;
        }
    }

    private Turn turn(URI base, ArrayNode messages) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", MODEL).set("messages", messages);
        body.putObject("options").put("num_predict", ANSWER_TOKENS);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/chat"))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        long sent = System.nanoTime();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long first = 0;
        StringBuilder answer = new StringBuilder();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (first == 0) {
                    first = System.nanoTime();
                }
                JsonNode chunk = JSON.readTree(line);
                answer.append(chunk.path("message").path("content").asText());
                if (chunk.path("done").asBoolean()) {
                    return new Turn(
                            chunk.path("prompt_eval_count").asInt(),
                            chunk.path("prompt_eval_duration").asLong(),
                            first - sent,
                            answer.toString());
                }
            }
        }
        return null;
    }

    private void post(URI base, String body) throws IOException, InterruptedException {
        client.send(
                HttpRequest.newBuilder(base.resolve("/api/chat"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** About {@code tokens} tokens (4 characters each) of words, starting with {@code tag}. */
    private static String text(String tag, int tokens) {
        StringBuilder text = new StringBuilder(tag);
        String[] words = {" why", " does", " the", " cache", " help", " each", " turn", " here"};
        for (int i = 0; text.length() < tokens * 4; i++) {
            text.append(words[i % words.length]);
        }
        return text.toString();
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
