package dev.ollamaperf.load.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.sse;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.SseMessageCheck;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Gatling's reference for {@link HarnessCapacityBenchmark}: closed-model users that each read answers from the canned
 * server with Gatling's own {@code sse()} (its HTTP engine, on Netty), one check per token message. Each check reads
 * {@link System#nanoTime()} when it runs, on Gatling's event loop after Gatling parsed the message: the clock the other
 * clients stamp lines with.
 */
public final class SseCapacitySimulation extends Simulation {

    static final String TARGET = "bench.sse.target";
    static final String USERS = "bench.sse.users";
    static final String NANOS = "bench.sse.nanos";

    public SseCapacitySimulation() {
        int users = Integer.getInteger(USERS);
        Duration length = Duration.ofNanos(Long.getLong(NANOS));
        List<SseMessageCheck> tokens = IntStream.range(0, HarnessCapacityBenchmark.TOKENS)
                .mapToObj(index -> sse.checkMessage("token")
                        .check(regex("(\\d{9,}) ")
                                .transformWithSession((sent, session) ->
                                        GatlingSseDriver.line(session.userId(), index, Long.parseLong(sent)))))
                .toList();
        ScenarioBuilder streams = scenario("sse streams")
                .during(length)
                .on(exec(sse("stream")
                                .post("/api/chat/sse")
                                .body(StringBody("{\"model\":\"bench:latest\",\"stream\":true}"))
                                .await(Duration.ofSeconds(30))
                                .on(tokens))
                        .exec(sse("close").close()));
        setUp(streams.injectOpen(rampUsers(users).during(Duration.ofSeconds(1))))
                .protocols(http.baseUrl(System.getProperty(TARGET)))
                .maxDuration(length.plusSeconds(35));
    }
}
