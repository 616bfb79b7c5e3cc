package dev.ollamaperf.load.protocol;

import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The Ollama protocol for Gatling's Java DSL: {@code exec(Ollama.request("chat", protocol, session -> ...))}.
 * Every scenario sends its requests through this one action, so all scenarios measure the same way.
 */
public final class Ollama {

    private Ollama() {}

    /**
     * An action that sends the request built from the session and records its stream.
     *
     * @param name     the request name in Gatling's report (its TTFT entry is {@code name + " ttft"})
     * @param protocol the simulation's shared protocol
     * @param requests builds the request from the user's session (feeder attributes, loop counters)
     */
    public static ActionBuilder request(
            String name, OllamaProtocol protocol, Function<Session, OllamaRequest> requests) {
        return build(name, protocol, requests, null);
    }

    /**
     * An action that sends the request built from the session, records its stream, keeps the answer's text and
     * hands it to {@code answered}, whose session the user continues with (a conversation's next turn carries the
     * answer). {@code answered} runs once per request, whole or not, after the request was recorded.
     *
     * @param answered the user's session after the answer, from the session and what was observed (its
     *                 {@link StreamObservation#answer()} set)
     */
    public static ActionBuilder request(
            String name,
            OllamaProtocol protocol,
            Function<Session, OllamaRequest> requests,
            BiFunction<Session, StreamObservation, Session> answered) {
        return build(name, protocol, requests, Objects.requireNonNull(answered, "answered"));
    }

    private static ActionBuilder build(
            String name,
            OllamaProtocol protocol,
            Function<Session, OllamaRequest> requests,
            BiFunction<Session, StreamObservation, Session> answered) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(requests, "requests");
        return () -> new io.gatling.core.action.builder.ActionBuilder() {
            @Override
            public Action build(ScenarioContext context, Action next) {
                return new OllamaStreamAction(
                        name,
                        session -> requests.apply(new Session(session)),
                        answered == null
                                ? null
                                : (session, observation) -> answered.apply(new Session(session), observation)
                                        .asScala(),
                        protocol,
                        context.coreComponents().statsEngine(),
                        context.coreComponents().clock(),
                        next);
            }
        };
    }
}
