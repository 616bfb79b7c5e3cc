package dev.ollamaperf.load.protocol;

import com.typesafe.scalalogging.Logger;
import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.commons.stats.Status;
import io.gatling.commons.util.Clock;
import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * A Gatling action that sends one Ollama request without blocking, times its stream, records the
 * LLM metrics and reports two entries to Gatling's own statistics: {@code <name>} (end to end) and
 * {@code <name> ttft} (time to first token).
 *
 * <p>Implementation notes: this implements Gatling's internal Scala {@code Action} trait from Java
 * (docs/architecture.md, "Measuring streams inside Gatling"); that API is not public, so the
 * Gatling version is pinned and {@code OllamaProtocolTest} runs a real simulation through it. The
 * virtual user is never blocked: the stream client calls back on its own event loop, and the user is
 * resumed on its own event loop ({@code session.eventLoop()}), where Gatling expects its actions to
 * run. After a connection failure the user waits before its next action ({@link ConnectionBackoff}),
 * on the same event loop, without blocking it.
 */
final class OllamaStreamAction implements Action {

    private static final Logger LOGGER = Logger.apply(LoggerFactory.getLogger(OllamaStreamAction.class));

    private final String name;
    private final Function<Session, OllamaRequest> requests;
    /** What the user makes of each answer (a conversation keeps it for its next turn), or null: nothing. */
    private final BiFunction<Session, StreamObservation, Session> answered;

    private final OllamaProtocol protocol;
    private final NodeRouter exchange;
    /** The direct path's exchange in a paired run, else null. */
    private final NodeRouter directExchange;

    private final StatsEngine stats;
    private final Clock clock;
    private final Action next;

    OllamaStreamAction(
            String name,
            Function<Session, OllamaRequest> requests,
            BiFunction<Session, StreamObservation, Session> answered,
            OllamaProtocol protocol,
            StatsEngine stats,
            Clock clock,
            Action next) {
        this.name = Objects.requireNonNull(name, "name");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.answered = answered;
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.exchange = NodeRouter.of(protocol, System::nanoTime);
        this.directExchange = protocol.pairing() == null
                ? null
                : NodeRouter.to(new NettyStreamExchange(
                        protocol.loops(), protocol.pairing().direct().baseUri(), protocol.timeout(), System::nanoTime));
        this.stats = Objects.requireNonNull(stats, "stats");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void execute(Session session) {
        OllamaRequest request;
        try {
            request = requests.apply(session);
            if (!protocol.think().isEmpty()) {
                request = request.withThink(protocol.think());
            }
        } catch (RuntimeException e) {
            stats.logRequestCrash(
                    session.scenario(), session.groups(), name, "cannot build request: " + e.getMessage());
            next.$bang(session.markAsFailed());
            return;
        }
        long startMillis = clock.nowMillis();
        long sendNanos = System.nanoTime();
        // Open model: any lag behind the arrival schedule is the generator's, and counts toward the
        // latency the user saw.
        long intendedNanos = protocol.schedule() == null
                ? sendNanos
                : protocol.schedule().intendedStart(session.userId(), sendNanos);
        if (protocol.schedule() != null) {
            protocol.recorder().recordDispatchLag(sendNanos - intendedNanos);
        }
        Route route = protocol.pairing() == null ? null : request.route();
        boolean direct = route != null && route.direct();
        LlmMetricsRecorder recorder = direct ? protocol.pairing().direct().recorder() : protocol.recorder();
        recorder.recordStart(sendNanos);
        recorder.users().started(session.userId());
        (direct ? directExchange : exchange)
                .send(
                        request,
                        intendedNanos,
                        answered != null,
                        observation -> session.eventLoop()
                                .execute(() -> finish(observation, recorder, route, session, startMillis)));
    }

    private void finish(
            StreamObservation observation,
            LlmMetricsRecorder recorder,
            Route route,
            Session session,
            long startMillis) {
        recorder.record(observation);
        recorder.users().ended(session.userId(), observation.outcome() == RequestOutcome.OK);
        if (route != null) {
            protocol.pairing().latencies().record(route, observation);
        }
        if (route == null || route.direct()) {
            // in a paired run only the direct path says whether Ollama answers: the integration answers for it
            // (with HTTP errors) even when it is gone
            protocol.watch().record(observation.outcome());
        }
        boolean ok = observation.outcome() == RequestOutcome.OK;
        Status status = ok ? OK$.MODULE$ : KO$.MODULE$;
        Option<String> code = observation.httpStatus() == 0
                ? Option.empty()
                : Option.apply(Integer.toString(observation.httpStatus()));
        Option<String> message = ok
                ? Option.empty()
                : Option.apply(observation.outcome().kind(observation.httpStatus()) + ": " + observation.message());
        stats.logResponse(
                session.scenario(),
                session.groups(),
                name,
                startMillis,
                startMillis + observation.e2eNanos() / 1_000_000L,
                status,
                code,
                message);
        if (observation.ttftNanos() >= 0) {
            stats.logResponse(
                    session.scenario(),
                    session.groups(),
                    name + " ttft",
                    startMillis,
                    startMillis + observation.ttftNanos() / 1_000_000L,
                    OK$.MODULE$,
                    code,
                    Option.empty());
        }
        Session ended = ok ? session : session.markAsFailed();
        if (answered != null) {
            ended = answered.apply(ended, observation);
        }
        int failuresInARow = observation.outcome() == RequestOutcome.CONNECTION ? failuresInARow(session) + 1 : 0;
        if (failuresInARow == 0) {
            next.$bang(failuresInARow(session) == 0 ? ended : ended.remove(ConnectionBackoff.FAILURES));
            return;
        }
        Session waiting = ended.set(ConnectionBackoff.FAILURES, failuresInARow);
        session.eventLoop()
                .schedule(
                        () -> next.$bang(waiting),
                        ConnectionBackoff.delayMillis(failuresInARow),
                        TimeUnit.MILLISECONDS);
    }

    private static int failuresInARow(Session session) {
        Option<Object> failures = session.attributes().get(ConnectionBackoff.FAILURES);
        return failures.isDefined() ? (Integer) failures.get() : 0;
    }

    @Override
    public Logger logger() {
        return LOGGER;
    }

    @Override
    public void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(Logger logger) {
        // The logger is a constant; Scala's trait initialiser has nothing to set on a Java class.
    }
}
