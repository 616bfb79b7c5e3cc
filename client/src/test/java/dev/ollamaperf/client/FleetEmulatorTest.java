package dev.ollamaperf.client;

import static dev.ollamaperf.client.EmulatorFixture.TINY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.client.api.GenerateRequest;
import dev.ollamaperf.client.api.Options;
import dev.ollamaperf.client.api.PsResponse;
import dev.ollamaperf.client.api.TagsResponse;
import dev.ollamaperf.client.config.FleetSettings;
import dev.ollamaperf.client.config.OllamaClientConfig;
import dev.ollamaperf.client.config.RetrySettings;
import dev.ollamaperf.client.error.ServerErrorException;
import dev.ollamaperf.client.metrics.MetricsFormat;
import dev.ollamaperf.client.metrics.NodeMetrics;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.EmulatorFleet;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.FaultPlan;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One client over a real fleet of emulator nodes on 127.0.0.1 ({@code OLLAMA_ENDPOINTS}). */
@Timeout(30)
final class FleetEmulatorTest {

    private static EmulatorFleet fleet(int nodes) throws IOException {
        return EmulatorFleet.start(
                EmulatorConfig.of(EngineSettings.builder().numParallel(4).build()), nodes);
    }

    private static OllamaClientConfig.Builder config(EmulatorFleet fleet) {
        return OllamaClientConfig.builder()
                .endpoints(fleet.endpoints())
                .defaultModel(TINY)
                .noCache()
                .readTimeout(Duration.ofSeconds(20))
                .retry(new RetrySettings(3, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5)));
    }

    private static GenerateRequest tokens(int n) {
        return GenerateRequest.builder(TINY)
                .prompt("count")
                .options(Options.builder().numPredict(n).build())
                .build();
    }

    /** Loads the model on one node, straight, as another application would. */
    private static void warm(Emulator node) {
        try (OllamaClient direct =
                EmulatorFixture.client(EmulatorFixture.config(node).build())) {
            direct.warmUp(TINY, null);
        }
    }

    private static long requests(Emulator node) {
        return EmulatorFixture.stats(node, TINY).requests();
    }

    private static NodeMetrics metrics(OllamaClient client, Emulator node) {
        return client.metrics().snapshot().nodes().get(node.baseUri().toString());
    }

    /** Runs {@code n} streamed calls at once and waits for all of them to finish well. */
    private static void concurrently(OllamaClient client, int n, int tokens) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<StreamAggregate>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    return client.generate(tokens(tokens), (c, t) -> {});
                }));
            }
            go.countDown();
            for (Future<StreamAggregate> call : calls) {
                assertThat(call.get(20, TimeUnit.SECONDS).done()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void modelLoadedOnOneNode_callsGoToThatNode() throws Exception {
        try (EmulatorFleet fleet = fleet(3);
                OllamaClient client = EmulatorFixture.client(config(fleet).build())) {
            warm(fleet.node(1));

            for (int i = 0; i < 4; i++) {
                assertThat(client.generate(tokens(4), (c, t) -> {}).done()).isTrue();
            }

            assertThat(requests(fleet.node(1)))
                    .as("the warm-up and the four calls")
                    .isEqualTo(5);
            assertThat(requests(fleet.node(0)) + requests(fleet.node(2))).isZero();
            assertThat(EmulatorFixture.destructiveCalls(fleet.node(1))).isZero();
        }
    }

    @Test
    void sixSlowStreamsOverThreeEqualNodes_twoEach_andPerNodeMetricsSayIt() throws Exception {
        try (EmulatorFleet fleet = fleet(3)) {
            // Every node warm before the client reads /api/ps, and no re-read during the calls: a refresh landing
            // between two choices would make some nodes "loaded" and the rest not, and the loaded ones preferred.
            fleet.nodes().forEach(FleetEmulatorTest::warm);
            FleetSettings oneRead = new FleetSettings(
                    0,
                    Duration.ofHours(1),
                    FleetSettings.DEFAULTS.backoffInitial(),
                    FleetSettings.DEFAULTS.backoffMax());
            try (OllamaClient client =
                    EmulatorFixture.client(config(fleet).fleet(oneRead).build())) {
                sixStreamsTwoEach(fleet, client);
            }
        }
    }

    private static void sixStreamsTwoEach(EmulatorFleet fleet, OllamaClient client) throws Exception {
        concurrently(client, 6, 150); // about half a second each at the tiny profile's 400 tokens/s

        for (Emulator node : fleet.nodes()) {
            assertThat(requests(node)).as("warm-up + 2 on " + node.baseUri()).isEqualTo(3);
            NodeMetrics m = metrics(client, node);
            assertThat(m.requests()).isEqualTo(2);
            assertThat(m.errors()).isZero();
            assertThat(m.outstanding()).isZero();
            assertThat(m.up()).isTrue();
            assertThat(m.latencyNanos().count()).isEqualTo(2);
        }
        String prometheus = MetricsFormat.PROMETHEUS.render(client.metrics().snapshot());
        for (Emulator node : fleet.nodes()) {
            assertThat(prometheus)
                    .contains("ollama_client_node_requests_total{node=\"" + node.baseUri() + "\"} 2")
                    .contains("ollama_client_node_up{node=\"" + node.baseUri() + "\"} 1")
                    .contains("ollama_client_node_latency_seconds_count{node=\"" + node.baseUri() + "\"} 2");
        }
    }

    @Test
    void perNodeAndTotalLimits_holdOnTheNodes() throws Exception {
        try (EmulatorFleet fleet = fleet(3);
                OllamaClient client = EmulatorFixture.client(config(fleet)
                        .maxConcurrent(1)
                        .fleet(new FleetSettings(
                                2, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(30)))
                        .build())) {
            warm(fleet.node(0)); // the loaded-model preference alone would send every call there
            fleet.node(0).engine().resetPeaks();
            AtomicBoolean sampling = new AtomicBoolean(true);
            AtomicInteger peakTotal = new AtomicInteger();
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    int total = fleet.nodes().stream()
                            .mapToInt(n -> EmulatorFixture.stats(n, TINY).inFlight())
                            .sum();
                    peakTotal.accumulateAndGet(total, Math::max);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            try {
                concurrently(client, 6, 40);
            } finally {
                sampling.set(false);
                sampler.join();
            }

            for (Emulator node : fleet.nodes()) {
                assertThat(EmulatorFixture.stats(node, TINY).maxInFlight())
                        .as("per-node limit on " + node.baseUri())
                        .isLessThanOrEqualTo(1);
            }
            assertThat(peakTotal.get()).as("in flight over the fleet").isBetween(1, 2);
            assertThat(client.limiter().limit()).isEqualTo(2);
            assertThat(client.limiter().maxInUse()).isEqualTo(2);
        }
    }

    @Test
    void stoppedNode_callsSucceedElsewhere_nodeIsOut_andComesBackOnlyAfterItsHealthCheck() throws Exception {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        try (EmulatorFleet fleet = fleet(3);
                OllamaClient client = OllamaClient.builder(config(fleet)
                                .maxConcurrent(2)
                                .fleet(new FleetSettings(
                                        0, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60)))
                                .build())
                        .responseCache(null)
                        .nanoClock(clock::get)
                        .build()) {
            Emulator stopped = fleet.node(1);
            String url = stopped.baseUri().toString();
            stopped.close();

            for (int i = 0; i < 6; i++) {
                assertThat(client.generate(tokens(4), (c, t) -> {}).done()).isTrue();
            }
            NodeMetrics out = client.metrics().snapshot().nodes().get(url);
            assertThat(out.up()).isFalse();
            assertThat(out.errors()).isPositive();
            assertThat(client.metrics().snapshot().totalErrors()).isZero();

            Emulator restarted = fleet.restart(1);
            Thread.sleep(400); // at least one pass of the health checks: none is due before the backoff has passed
            assertThat(client.metrics().snapshot().nodes().get(url).up()).isFalse();
            concurrently(client, 4, 4);
            assertThat(requests(restarted))
                    .as("no call reaches a node that is out")
                    .isZero();

            clock.addAndGet(Duration.ofSeconds(10).toNanos());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!client.metrics().snapshot().nodes().get(url).up() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(client.metrics().snapshot().nodes().get(url).up()).isTrue();

            concurrently(client, 6, 150);
            assertThat(requests(restarted)).as("two of six at two per node").isEqualTo(2);
        }
    }

    @Test
    void nodeAnsweringServerErrors_isTakenOut_andTheNextCallsGoToTheOther() throws Exception {
        try (Emulator broken = Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                        .faults(FaultPlan.parse("error=1"))
                        .build()));
                Emulator good = Emulator.start(EmulatorConfig.of(EngineSettings.defaults()));
                OllamaClient client = EmulatorFixture.client(OllamaClientConfig.builder()
                        .endpoints(broken.baseUri() + "," + good.baseUri())
                        .noCache()
                        .build())) {
            int failed = 0;
            for (int i = 0; i < 4; i++) {
                try {
                    client.generate(tokens(4), (c, t) -> {});
                } catch (ServerErrorException e) {
                    failed++;
                }
            }

            assertThat(failed)
                    .as("the first call, round-robin to the broken node; 500 is not retried")
                    .isEqualTo(1);
            assertThat(metrics(client, broken).up()).isFalse();
            assertThat(metrics(client, good).requests()).isEqualTo(3);
            assertThat(requests(good)).isEqualTo(3);
        }
    }

    @Test
    void listings_tagsAreTheUnionOnce_psListsEveryNodesLoadedModels() throws Exception {
        try (EmulatorFleet fleet = fleet(3);
                OllamaClient client = EmulatorFixture.client(config(fleet).build())) {
            warm(fleet.node(0));
            warm(fleet.node(2));

            TagsResponse tags = client.tags();
            TagsResponse one;
            try (OllamaClient direct =
                    EmulatorFixture.client(EmulatorFixture.config(fleet.node(0)).build())) {
                one = direct.tags();
            }
            assertThat(tags.names()).containsExactlyElementsOf(one.names());

            PsResponse ps = client.ps();
            assertThat(ps.names()).containsExactly(TINY, TINY);

            fleet.node(0).close();
            assertThat(client.ps().names())
                    .as("a node that is down is left out")
                    .containsExactly(TINY);
            assertThat(client.version().version()).isNotBlank();
            assertThat(client.metrics().snapshot().nodes().values())
                    .extracting(NodeMetrics::up)
                    .containsExactly(false, true, true);
            assertThat(Map.copyOf(client.metrics().snapshot().nodes())).hasSize(3);
        }
    }
}
