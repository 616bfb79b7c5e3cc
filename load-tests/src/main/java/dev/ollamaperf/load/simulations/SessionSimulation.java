package dev.ollamaperf.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.ollamaperf.load.protocol.Ollama;
import dev.ollamaperf.load.run.LoadRun;
import dev.ollamaperf.load.run.Scenarios;
import dev.ollamaperf.load.session.Conversation;
import dev.ollamaperf.load.session.Conversations;
import dev.ollamaperf.load.session.SessionSettings;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;

/**
 * Chat sessions (closed model): {@code users} virtual users each hold conversations of {@code turns} turns (a count,
 * or a range drawn uniformly per conversation) for {@code duration}. Every turn is one {@code /api/chat} request
 * carrying the shared system prompt ({@code systemPromptTokens} long, none by default), the whole history so far (the
 * user's earlier messages and the answers actually received) and a new user message; between an answer and the next
 * turn the user thinks for {@code thinkTime} (a duration, or a range drawn uniformly). A conversation ends after its
 * last turn or at a failed one, and its user starts the next at once. At the end of {@code duration} no new turn is
 * sent (a conversation may be cut short), so the phase keeps its length. Besides the usual per-model metrics, each
 * model's {@code turns} in metrics.json says how TTFT, end to end and the server's prompt evaluation change from turn
 * 1 to turn N as the history grows. Direct or through the integration; not paired (the two paths of a pair would
 * need one history).
 *
 * <p>Run: {@code ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.ollamaperf.load.simulations.SessionSimulation -Dollama.perf.turns=3-8 -Dollama.perf.thinkTime=1s-3s}
 */
public class SessionSimulation extends Simulation {

    private static final String CONVERSATION = "conversation";
    private static final String DEADLINE = "sessionDeadline";

    // 1. Parameters: the usual load settings plus the session's own.
    private final LoadRun run = Scenarios.startUnpairedRun("session");
    private final SessionSettings sessions = SessionSettings.from(Scenarios.systemProperties());

    {
        System.out.println("ollama-perf session: " + sessions);
    }

    private final int users = run.settings().users();
    private final long durationNanos = run.settings().duration().toNanos();

    // 2. Protocol: one phase, its answers also recorded by turn.
    private final LoadRun.Phase session = run.phase("session", 0).users(users).withSettings(sessions.asMap());
    private final Conversations conversations = new Conversations(run, session, sessions);

    // 3. Scenario: conversations back to back until the duration is over; a pause between the turns of one.
    private static Conversation conversation(Session s) {
        return s.get(CONVERSATION);
    }

    private static boolean inTime(Session s) {
        return System.nanoTime() - s.getLong(DEADLINE) < 0;
    }

    private final ChainBuilder think = sessions.minThink().equals(sessions.maxThink())
            ? exec(pause(sessions.minThink()))
            : exec(pause(sessions.minThink(), sessions.maxThink()));

    private final ChainBuilder turn = exec(Ollama.request(
                    "chat",
                    session.protocol(),
                    s -> conversations.request(conversation(s)),
                    (s, answer) -> s.set(CONVERSATION, conversations.answered(conversation(s), answer))))
            .exec(doIf(s -> conversation(s).hasNextTurn()
                            && inTime(s)
                            && !sessions.maxThink().isZero())
                    .then(think));

    private final ScenarioBuilder chat = scenario("session")
            .exec(s -> s.set(DEADLINE, System.nanoTime() + durationNanos))
            .asLongAs(SessionSimulation::inTime)
            .on(exec(s -> s.set(CONVERSATION, conversations.start()))
                    .asLongAs(s -> conversation(s).hasNextTurn() && inTime(s))
                    .on(turn));

    // 4. Assertions and 5. Injection.
    {
        setUp(Scenarios.warmUp(run)
                        .injectOpen(atOnceUsers(Scenarios.warmUpUsers(run)))
                        .andThen(chat.injectOpen(atOnceUsers(users))))
                .assertions(global().failedRequests().percent().lte(1.0));
    }

    @Override
    public void after() {
        run.finish();
    }
}
