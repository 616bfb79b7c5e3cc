package dev.ollamaperf.load.session;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;

import dev.ollamaperf.load.protocol.Ollama;
import dev.ollamaperf.load.protocol.OllamaProtocol;
import dev.ollamaperf.load.run.LoadRun;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The session workload of one measured phase as Gatling chains, for the scenarios that drive conversations instead of
 * single requests (session, and steady, arrival, capacity and model comparison with {@code workload=session}):
 * each turn one {@code chat} request ({@link Conversations}), a pause of {@code thinkTime} between an answer and the
 * next turn of its conversation, none before a first turn.
 *
 * <p>Implementation notes. The phase's deadline is {@code duration} after its first conversation started (all of a
 * closed model's users start at once; an open model's first arrival starts the clock); after it no new turn is sent, so
 * the phase keeps its length and the last conversations may be cut short. An open model's arrival always sends its
 * first turn: the injection already ends with the duration. A first turn goes out on the phase's protocol, whose
 * arrival schedule (a constant, evenly spaced rate) measures it from its intended start; a later turn is sent when
 * its user is done thinking, which no schedule planned, so it goes out on the phase's unscheduled protocol and is
 * measured from its send ({@link LoadRun.Phase#unscheduledProtocol()}); both record into the phase.
 */
public final class SessionWorkload {

    private static final String CONVERSATION = "conversation";
    private static final long UNSET = Long.MIN_VALUE;

    private final LoadRun.Phase phase;
    private final SessionSettings settings;
    private final Conversations conversations;
    private final long durationNanos;
    private final AtomicLong deadline = new AtomicLong(UNSET);

    /**
     * A phase's conversations; the session settings and {@code ollama.perf.workload=session} are added to its
     * settings in metrics.json.
     *
     * @param duration how long the phase sends turns (the run's, or a capacity step's)
     */
    public SessionWorkload(LoadRun run, LoadRun.Phase phase, SessionSettings settings, Duration duration) {
        this.phase = Objects.requireNonNull(phase, "phase");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.conversations = new Conversations(run, phase, settings);
        this.durationNanos = duration.toNanos();
        Map<String, String> own = new LinkedHashMap<>();
        own.put(Workload.PROPERTY, Workload.SESSION.label());
        own.putAll(settings.asMap());
        phase.withSettings(own);
    }

    /**
     * Closed model: the user holds one conversation after another until the deadline.
     *
     * @param around wraps each turn's request (e.g. a capacity step's timing of it); {@code UnaryOperator.identity()}
     *               for none
     */
    public ChainBuilder closed(UnaryOperator<ChainBuilder> around) {
        return exec(this::startClock)
                .asLongAs(this::inTime)
                .on(exec(s -> s.set(CONVERSATION, conversations.start())).exec(turns(around, this::inTime)));
    }

    /** Open model: the arriving user holds one conversation, its first turn at once. */
    public ChainBuilder open(UnaryOperator<ChainBuilder> around) {
        return exec(this::startClock)
                .exec(s -> s.set(CONVERSATION, conversations.start()))
                .exec(turns(around, s -> conversation(s).turn() == 1 || inTime(s)));
    }

    /**
     * One whole conversation, whatever the time: number {@code #{numberKey}} with model {@code #{modelKey}} (session
     * attributes), so a model comparison gives each model the same conversation.
     */
    public ChainBuilder conversation(String modelKey, String numberKey) {
        return exec(s -> s.set(CONVERSATION, conversations.start(s.getString(modelKey), s.getLong(numberKey))))
                .exec(turns(UnaryOperator.identity(), s -> true));
    }

    /** The conversation's turns while it has one left and {@code mayContinue}, with the think time between them. */
    private ChainBuilder turns(UnaryOperator<ChainBuilder> around, Predicate<Session> mayContinue) {
        Predicate<Session> next = s -> conversation(s).hasNextTurn() && mayContinue.test(s);
        ChainBuilder think = settings.minThink().equals(settings.maxThink())
                ? exec(pause(settings.minThink()))
                : exec(pause(settings.minThink(), settings.maxThink()));
        ChainBuilder send = doIfOrElse(s -> conversation(s).turn() == 1)
                .then(request(phase.protocol()))
                .orElse(request(phase.unscheduledProtocol()));
        ChainBuilder turn = around.apply(send)
                .doIf(s -> next.test(s) && !settings.maxThink().isZero())
                .then(think);
        return asLongAs(next::test).on(turn);
    }

    private ChainBuilder request(OllamaProtocol protocol) {
        return exec(Ollama.request(
                "chat",
                protocol,
                s -> conversations.request(conversation(s)),
                (s, answer) -> s.set(CONVERSATION, conversations.answered(conversation(s), answer))));
    }

    private static Conversation conversation(Session s) {
        return s.get(CONVERSATION);
    }

    private Session startClock(Session s) {
        deadline.compareAndSet(UNSET, System.nanoTime() + durationNanos);
        return s;
    }

    private boolean inTime(Session s) {
        return System.nanoTime() - deadline.get() < 0;
    }
}
