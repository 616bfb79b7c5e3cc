package dev.ollamaperf.load.run;

import dev.ollamaperf.load.protocol.OllamaApi;
import dev.ollamaperf.load.protocol.OllamaRequest;
import dev.ollamaperf.results.FormatException;
import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.TrafficRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the replay scenario sends, built from a traffic log before anything is sent: one request per chat, generate
 * and {@code /v1} chat line, at the line's offset from the first arrival divided by the speed, up to the limit.
 *
 * <p>Each request keeps the line's endpoint, model (mapped), stream flag, {@code num_ctx} and {@code seed}; it asks
 * for exactly the recorded output tokens ({@code num_predict} = {@code output_tokens}; when unknown, the recorded
 * {@code num_predict}, else the run's); its messages are synthesized to the recorded count and prompt tokens
 * ({@link TracePrompts}: exact under the emulator's estimate). The turns of one session share their messages: a
 * turn's first messages are the ones the session's earlier turn sent, and only the new ones are synthesized, so the
 * conversation grows as recorded. Not reproduced: {@code temperature} (the harness's requests have none), the
 * text, embeddings (skipped and counted) and a caller that left early (the replay waits for the whole answer).
 */
public record ReplayPlan(List<Planned> requests, int skippedEmbeddings, int beyondLimit) {

    /** One request and when to send it, from the replay's start. */
    public record Planned(Duration offset, OllamaRequest request, TrafficRecord source) {
        public Planned {
            Objects.requireNonNull(offset, "offset");
            Objects.requireNonNull(request, "request");
        }
    }

    public ReplayPlan {
        requests = List.copyOf(requests);
    }

    /**
     * Reads {@code settings.trace()} (a traffic log, or an Azure LLM inference trace: {@link FormatFiles#readTrace})
     * and plans it.
     *
     * @param defaultModel the model of a line without one (an Azure trace's), before the model map
     * @param promptTokens prompt tokens of a line without a count (e.g. an error)
     * @param numPredict   output tokens of a line without a count or a recorded {@code num_predict}
     * @throws IllegalArgumentException naming the file and the line when the trace cannot be read, or when it has
     *     nothing to replay
     */
    public static ReplayPlan read(ReplaySettings settings, String defaultModel, int promptTokens, int numPredict) {
        List<TrafficRecord> trace;
        try {
            trace = FormatFiles.readTrace(settings.trace());
        } catch (FormatException e) {
            throw new IllegalArgumentException("the trace " + e.getMessage(), e);
        }
        ReplayPlan plan = of(trace, settings, defaultModel, promptTokens, numPredict);
        if (plan.requests().isEmpty()) {
            throw new IllegalArgumentException("the trace " + settings.trace() + " has no chat, generate or"
                    + " /v1/chat/completions line within the limit (" + trace.size() + " lines, "
                    + plan.skippedEmbeddings() + " embeddings, " + plan.beyondLimit() + " beyond the limit)");
        }
        return plan;
    }

    /** Plans {@code trace} (in any order: a log is written as answers end, so it is sorted by arrival here). */
    static ReplayPlan of(
            List<TrafficRecord> trace, ReplaySettings settings, String defaultModel, int promptTokens, int numPredict) {
        List<TrafficRecord> sorted = new ArrayList<>(trace);
        sorted.sort(Comparator.comparing(r -> Instant.parse(r.arrival())));
        Map<String, List<OllamaRequest.Message>> sessions = new HashMap<>();
        List<Planned> planned = new ArrayList<>();
        int embeddings = 0;
        int beyond = 0;
        Instant first =
                sorted.isEmpty() ? Instant.EPOCH : Instant.parse(sorted.get(0).arrival());
        for (TrafficRecord line : sorted) {
            if (line.endpoint().equals("/api/embed")) {
                embeddings++;
                continue;
            }
            Duration offset = Duration.ofNanos(Math.round(
                    Duration.between(first, Instant.parse(line.arrival())).toNanos() / settings.speed()));
            if (!settings.limit().isZero() && offset.compareTo(settings.limit()) >= 0) {
                beyond++;
                continue;
            }
            planned.add(new Planned(
                    offset, request(line, settings, sessions, defaultModel, promptTokens, numPredict), line));
        }
        return new ReplayPlan(planned, embeddings, beyond);
    }

    private static OllamaRequest request(
            TrafficRecord line,
            ReplaySettings settings,
            Map<String, List<OllamaRequest.Message>> sessions,
            String defaultModel,
            int defaultPromptTokens,
            int defaultNumPredict) {
        TrafficRecord.TrafficOptions options = line.options();
        int numPredict = line.outputTokens() != null
                ? Math.toIntExact(line.outputTokens())
                : options.numPredict() != null
                        ? Math.toIntExact(Math.max(-1, options.numPredict()))
                        : defaultNumPredict;
        long tokens = line.promptTokens() != null ? line.promptTokens() : defaultPromptTokens;
        int count = line.messageCount() == null ? 1 : Math.max(1, line.messageCount());
        String session = line.session() == null ? "line@" + line.arrival() : line.session();
        List<OllamaRequest.Message> messages = messages(sessions, session, count, tokens);
        return new OllamaRequest(
                api(line.endpoint()),
                settings.mapped(line.model().isEmpty() ? defaultModel : line.model()),
                messages,
                line.stream(),
                numPredict,
                options.numCtx() == null ? 0 : Math.toIntExact(options.numCtx()),
                options.seed());
    }

    /**
     * {@code count} messages of {@code tokens} prompt tokens in all: the session's earlier messages first, new
     * ones after, sharing what is left. The emulator joins the contents with one newline each, which counts too.
     */
    private static List<OllamaRequest.Message> messages(
            Map<String, List<OllamaRequest.Message>> sessions, String session, int count, long tokens) {
        List<OllamaRequest.Message> earlier = sessions.getOrDefault(session, List.of());
        List<OllamaRequest.Message> messages = new ArrayList<>(earlier.subList(0, Math.min(earlier.size(), count - 1)));
        long used = messages.stream().mapToLong(m -> m.content().length()).sum() + (count - 1);
        long left = tokens * TracePrompts.CHARS_PER_TOKEN - used;
        int fresh = count - messages.size();
        for (int i = 0; i < fresh; i++) {
            long share = left / (fresh - i);
            left -= share;
            int index = messages.size();
            String role = index == count - 1 || index % 2 == 0 ? "user" : "assistant";
            long seed = session.hashCode() * 31L + index;
            messages.add(new OllamaRequest.Message(role, TracePrompts.ofChars(Math.toIntExact(share), seed)));
        }
        if (messages.size() > earlier.size()) {
            sessions.put(session, List.copyOf(messages));
        }
        return messages;
    }

    private static OllamaApi api(String endpoint) {
        return switch (endpoint) {
            case "/api/generate" -> OllamaApi.GENERATE;
            case "/v1/chat/completions" -> OllamaApi.OPENAI_CHAT;
            default -> OllamaApi.CHAT;
        };
    }

    /** The models asked, mapped, in order of first use. */
    public List<String> models() {
        LinkedHashSet<String> models = new LinkedHashSet<>();
        requests.forEach(p -> models.add(p.request().model()));
        return List.copyOf(models);
    }

    /** The offset of the last request: how long sending takes. */
    public Duration span() {
        return requests.isEmpty()
                ? Duration.ZERO
                : requests.get(requests.size() - 1).offset();
    }
}
