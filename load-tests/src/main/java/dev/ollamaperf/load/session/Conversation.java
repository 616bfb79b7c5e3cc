package dev.ollamaperf.load.session;

import dev.ollamaperf.load.protocol.OllamaRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One virtual user's conversation, as its Gatling session holds it (immutable: each answer makes a new one).
 *
 * @param number  its number in the phase, from 0: it seeds its number of turns and chooses its user messages
 * @param model   the model it talks to
 * @param turns   how many turns it was drawn to have
 * @param history the messages so far: each answered turn's user message and the answer received
 * @param next    the user message of the next turn
 * @param broken  a turn failed: the conversation ends there (its user starts a new one)
 */
public record Conversation(
        long number, String model, int turns, List<OllamaRequest.Message> history, String next, boolean broken) {

    public Conversation {
        Objects.requireNonNull(model, "model");
        history = List.copyOf(history);
        Objects.requireNonNull(next, "next");
        if (turns < 1) {
            throw new IllegalArgumentException("'turns' must be >= 1, got: " + turns);
        }
    }

    /** The turn its next request is, from 1: the turns answered so far plus one. */
    public int turn() {
        return history.size() / 2 + 1;
    }

    /** Whether it has a turn left to send. */
    public boolean hasNextTurn() {
        return !broken && turn() <= turns;
    }

    /** After the current turn was answered with {@code answer}: its history longer, {@code following} the next message. */
    Conversation answered(String answer, String following) {
        List<OllamaRequest.Message> longer = new ArrayList<>(history);
        longer.add(new OllamaRequest.Message("user", next));
        longer.add(new OllamaRequest.Message("assistant", answer));
        return new Conversation(number, model, turns, longer, following, false);
    }

    /** After the current turn failed. */
    Conversation failed() {
        return new Conversation(number, model, turns, history, next, true);
    }
}
