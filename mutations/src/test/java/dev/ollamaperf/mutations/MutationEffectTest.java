package dev.ollamaperf.mutations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.emulator.Emulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the mutations do, seen from outside through real HTTP requests to a gateway with the agent attached, against
 * the same gateway without it. Nagle's algorithm is not observed here: on loopback, Linux acknowledges at once
 * (quick ACK), so its delay shows only under the gate's concurrent load, not in a test of a few requests.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class MutationEffectTest {

    private static final int TOKENS = 10;

    private static Emulator emulator;

    @TempDir
    Path dir;

    private final GatewayCalls calls = new GatewayCalls();

    @BeforeAll
    static void startEmulator() throws Exception {
        emulator = GatewayCalls.startEmulator();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @Test
    void chunkDelayAndUnstableKey_slowEveryStreamAndNeverHit_whereTheUnchangedGatewayHits() throws Exception {
        long plain;
        try (GatewayJvm gateway = GatewayJvm.start(emulator.baseUri(), dir, List.of())) {
            plain = calls.fastestStream(gateway.baseUri(), TOKENS, 3);
            assertThat(twoIdenticalRequests(gateway))
                    .as("hits without the agent")
                    .isEqualTo(1);
        }
        try (GatewayJvm gateway = GatewayJvm.start(
                emulator.baseUri(), dir, List.of(GatewayJvm.agent("chunk-delay:20ms,unstable-cache-key")))) {
            long delayed = calls.fastestStream(gateway.baseUri(), TOKENS, 3);
            // 11 chunks (10 tokens and the final one) x 20 ms = 220 ms
            assertThat(Duration.ofNanos(delayed - plain))
                    .as("slower by (plain %s ms)", plain / 1_000_000)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(150));
            assertThat(twoIdenticalRequests(gateway))
                    .as("hits with unstable-cache-key")
                    .isZero();
            assertThat(calls.cacheCounter(gateway.baseUri(), "ollama_cache_puts_total"))
                    .as("the answers are still stored")
                    .isPositive();
        }
    }

    @Test
    void cacheBypass_neverLooksUpAStreamedRequest() throws Exception {
        try (GatewayJvm gateway =
                GatewayJvm.start(emulator.baseUri(), dir, List.of(GatewayJvm.agent("cache-bypass")))) {
            assertThat(twoIdenticalRequests(gateway)).isZero();
            assertThat(calls.cacheCounter(gateway.baseUri(), "ollama_cache_misses_total"))
                    .as("no lookup at all")
                    .isZero();
            assertThat(calls.cacheCounter(gateway.baseUri(), "ollama_cache_puts_total"))
                    .as("still stored")
                    .isPositive();
        }
    }

    @Test
    void leak_keepsWhatEachRequestAllocated_untilTheHeapRunsOut() throws Exception {
        // 8 MB kept per request in a 48 MB heap: the gateway fails within 6 requests; without the agent, the same
        // heap serves them all
        List<String> heap = List.of("-Xmx48m");
        try (GatewayJvm gateway = GatewayJvm.start(emulator.baseUri(), dir, heap)) {
            assertThat(failures(gateway, 8)).as("failures without the agent").isZero();
        }
        try (GatewayJvm gateway =
                GatewayJvm.start(emulator.baseUri(), dir, List.of("-Xmx48m", GatewayJvm.agent("leak:8192")))) {
            assertThat(failures(gateway, 8)).as("failures with leak:8192").isPositive();
        }
    }

    /** Sends the same cacheable request twice; returns the cache hits it caused. */
    private long twoIdenticalRequests(GatewayJvm gateway) throws Exception {
        long before = calls.cacheCounter(gateway.baseUri(), "ollama_cache_hits_total");
        for (int i = 0; i < 2; i++) {
            assertThat(calls.streamedGenerate(gateway.baseUri(), "the same prompt", TOKENS))
                    .isEqualTo(200);
        }
        return calls.cacheCounter(gateway.baseUri(), "ollama_cache_hits_total") - before;
    }

    private int failures(GatewayJvm gateway, int requests) {
        int failed = 0;
        for (int i = 0; i < requests; i++) {
            try {
                if (calls.streamedGenerate(gateway.baseUri(), "leak " + i, TOKENS) != 200) {
                    failed++;
                }
            } catch (Exception e) {
                failed++; // the connection broke: the gateway could not answer
            }
        }
        return failed;
    }
}
