package dev.ollamaperf.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.global;

import dev.ollamaperf.load.run.LoadRun;
import dev.ollamaperf.load.run.Scenarios;
import dev.ollamaperf.load.session.SessionWorkload;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.function.UnaryOperator;

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
 * need one history). The steady scenario with {@code workload=session} is this workload under its own name
 * ({@link SteadySimulation}).
 *
 * <p>Run: {@code ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.ollamaperf.load.simulations.SessionSimulation -Dollama.perf.turns=3-8 -Dollama.perf.thinkTime=1s-3s}
 */
public class SessionSimulation extends Simulation {

    // 1. Parameters: the usual load settings plus the session's own (read and printed with the phase).
    private final LoadRun run = Scenarios.startUnpairedRun("session");
    private final int users = run.settings().injectorUsers();

    // 2. Protocol: one phase, its answers also recorded by turn.
    private final LoadRun.Phase session = run.phase("session", 0).users(users);
    private final SessionWorkload conversations =
            Scenarios.sessions(run, session, run.settings().duration());

    // 3. Scenario: conversations back to back until the duration is over; a pause between the turns of one.
    private final ScenarioBuilder chat =
            Scenarios.measured(run, "session").exec(conversations.closed(UnaryOperator.identity()));

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
