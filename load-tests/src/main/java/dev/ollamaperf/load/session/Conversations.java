package dev.ollamaperf.load.session;

import dev.ollamaperf.load.protocol.OllamaRequest;
import dev.ollamaperf.load.protocol.RequestOutcome;
import dev.ollamaperf.load.protocol.StreamObservation;
import dev.ollamaperf.load.run.LoadRun;
import dev.ollamaperf.load.run.SyntheticPrompts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts and continues the conversations of one measured phase: each request carries the shared system prompt, the
 * whole history so far (the user's earlier messages and the answers actually received) and a new user message, the
 * last message of the run's next prompt ({@code ollama.perf.prompts}; {@code synthetic}: {@code promptTokens} words).
 * Conversations take the models in turn, and each draws its number of turns from a random seeded by its number, so
 * a run repeats. Every answer is recorded by turn ({@link TurnRecorder}). Thread-safe.
 */
public final class Conversations {

    /** The seed of the system prompt's words: one system prompt for every user. */
    private static final long SYSTEM_PROMPT_SEED = -1;

    private final LoadRun run;
    private final LoadRun.Phase phase;
    private final SessionSettings settings;
    private final TurnRecorder turns;
    private final String systemPrompt;
    private final AtomicLong conversations = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();

    /**
     * @param run      the run (its settings and prompts)
     * @param phase    the phase whose requests these are (each request counts in it; its {@link TurnRecorder} gets
     *                 the answers)
     * @param settings turns, think time and system prompt
     */
    public Conversations(LoadRun run, LoadRun.Phase phase, SessionSettings settings) {
        this.run = Objects.requireNonNull(run, "run");
        this.phase = Objects.requireNonNull(phase, "phase");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.turns = phase.turns();
        this.systemPrompt = settings.systemPromptTokens() == 0
                ? null
                : SyntheticPrompts.ofTokens(settings.systemPromptTokens(), SYSTEM_PROMPT_SEED);
    }

    /** A new conversation: the next model in turn, its number of turns drawn, its first message chosen. */
    public Conversation start() {
        long n = conversations.getAndIncrement();
        List<String> models = run.settings().models();
        String model = models.get((int) (n % models.size()));
        return new Conversation(
                model, settings.drawTurns(new SplittableRandom(n)), List.of(), nextMessage(model), false);
    }

    /** The request of the conversation's next turn (counted in the phase). */
    public OllamaRequest request(Conversation conversation) {
        phase.markAndCount();
        List<OllamaRequest.Message> messages =
                new ArrayList<>(conversation.history().size() + 2);
        if (systemPrompt != null) {
            messages.add(new OllamaRequest.Message("system", systemPrompt));
        }
        messages.addAll(conversation.history());
        messages.add(new OllamaRequest.Message("user", conversation.next()));
        return new OllamaRequest(
                run.settings().api(),
                conversation.model(),
                messages,
                run.settings().stream(),
                run.settings().numPredict(),
                0,
                null);
    }

    /**
     * Records the answer to the conversation's current turn and returns the conversation after it: with the turn and
     * its answer in its history when it ended whole, else broken (its user starts a new conversation).
     */
    public Conversation answered(Conversation conversation, StreamObservation observation) {
        turns.record(conversation.model(), conversation.turn(), observation);
        if (observation.outcome() != RequestOutcome.OK || observation.answer() == null) {
            return conversation.failed();
        }
        return conversation.answered(observation.answer(), nextMessage(conversation.model()));
    }

    /** The last message of the run's next prompt: a new user message. */
    private String nextMessage(String model) {
        List<OllamaRequest.Message> prompt =
                run.request(model, messages.getAndIncrement()).messages();
        return prompt.get(prompt.size() - 1).content();
    }
}
