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
 * last message of one of the run's prompts ({@code ollama.perf.prompts}; {@code synthetic}: {@code promptTokens}
 * words). Conversations take the models in turn, and each draws its number of turns and chooses its messages by its
 * number, so a run repeats. Every answer is recorded by turn ({@link TurnRecorder}). Thread-safe.
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

    /** A new conversation: the next number, the next model in turn. */
    public Conversation start() {
        long n = conversations.getAndIncrement();
        List<String> models = run.settings().models();
        return start(models.get((int) (n % models.size())), n);
    }

    /**
     * Conversation {@code number} with {@code model}: its number of turns drawn from a random seeded by the number,
     * and its user messages chosen by it, so the same number with another model is the same conversation from the
     * user's side (a model comparison gives each model the same one).
     */
    public Conversation start(String model, long number) {
        return new Conversation(
                number,
                model,
                settings.drawTurns(new SplittableRandom(number)),
                List.of(),
                userMessage(model, number, 1),
                false);
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
        return conversation.answered(
                observation.answer(),
                userMessage(conversation.model(), conversation.number(), conversation.turn() + 1));
    }

    /**
     * The user message of turn {@code turn} of conversation {@code number}: the last message of prompt
     * {@code number * maxTurns + turn - 1} of the run's prompts, so no two turns of a run share an index (the prompt
     * set still cycles).
     */
    private String userMessage(String model, long number, int turn) {
        List<OllamaRequest.Message> prompt =
                run.request(model, number * settings.maxTurns() + turn - 1).messages();
        return prompt.get(prompt.size() - 1).content();
    }
}
