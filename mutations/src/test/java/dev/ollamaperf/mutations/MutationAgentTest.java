package dev.ollamaperf.mutations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.mutations.GatewayJvm.Ended;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent attached to the real gateway in a JVM of its own: every mutation installs on the classes it names, and
 * a wrong argument stops the JVM before the gateway starts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class MutationAgentTest {

    /** Every mutation at once, each with a magnitude. */
    private static final String ALL = "chunk-delay:1ms,nagle,cache-bypass,unstable-cache-key,alloc:64,leak:10,"
            + "sqlite-lock,json-tree-per-chunk,upstream-no-keepalive";

    private static Emulator emulator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startEmulator() throws Exception {
        emulator = GatewayCalls.startEmulator();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @Test
    void premain_everyMutation_installsOnTheRealClassesAndSaysWhere() throws Exception {
        try (GatewayJvm gateway = GatewayJvm.start(emulator.baseUri(), dir, List.of(GatewayJvm.agent(ALL)))) {
            String stderr = gateway.stderr();
            for (Mutation mutation : Mutation.values()) {
                assertThat(stderr)
                        .containsPattern("(?m)^ollama-perf-mutations: installed " + mutation.label()
                                + "(:[0-9a-z]+)? in dev\\.ollamaperf\\.");
            }
            assertThat(stderr)
                    .contains("installed chunk-delay:1ms in dev.ollamaperf.gateway.StreamWriter.write(byte[])");
            assertThat(stderr)
                    .contains("installed nagle in dev.ollamaperf.gateway.OllamaGateway.<init>")
                    .contains("installed unstable-cache-key in "
                            + "dev.ollamaperf.client.internal.cache.RequestCanonicalizer.key(EndpointKind, JsonNode)")
                    .contains("installed sqlite-lock in dev.ollamaperf.client.internal.cache.TieredResponseCache");
            // the mutated code still serves: a regression, not a breakage
            assertThat(new GatewayCalls().streamedGenerate(gateway.baseUri(), "all mutations", 5))
                    .isEqualTo(200);
        }
    }

    @Test
    void premain_unknownName_stopsTheJvmWithTheKnownNames() throws Exception {
        Ended ended = GatewayJvm.run(emulator.baseUri(), dir, List.of(GatewayJvm.agent("nagle,chunk-dely:1ms")));

        assertThat(ended.status()).isEqualTo(MutationAgent.EXIT_STATUS);
        assertThat(ended.stderr())
                .contains("ollama-perf-mutations: unknown mutation 'chunk-dely'; known: chunk-delay:<")
                .doesNotContain("listening on");
    }

    @Test
    void premain_badMagnitude_stopsTheJvmNamingTheValue() throws Exception {
        Ended ended = GatewayJvm.run(emulator.baseUri(), dir, List.of(GatewayJvm.agent("leak:ten")));

        assertThat(ended.status()).isEqualTo(MutationAgent.EXIT_STATUS);
        assertThat(ended.stderr())
                .contains("ollama-perf-mutations: mutation 'leak' needs whole kilobytes, 1 to 1048576, got: 'ten'");
    }

    @Test
    void premain_targetMethodRenamed_stopsTheJvmInsteadOfMutatingNothing() throws Exception {
        // a StreamWriter whose write(byte[]) was renamed: the class loads, the mutation matches nothing
        Path classes = Files.createDirectories(dir.resolve("renamed"));
        Path source = Files.createDirectories(dir.resolve("src/dev/ollamaperf/gateway"))
                .resolve("StreamWriter.java");
        Files.writeString(
                source,
                "package dev.ollamaperf.gateway; final class StreamWriter { void send(byte[] chunk) {} }",
                StandardCharsets.UTF_8);
        int compiled =
                ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), source.toString());
        assertThat(compiled).isZero();

        Ended ended = runAgentOn(classes.toString(), "chunk-delay:1ms");

        assertThat(ended.status()).isEqualTo(MutationAgent.EXIT_STATUS);
        assertThat(ended.stderr())
                .contains("mutation 'chunk-delay:1ms' changed 0 of the 1 places it must change in "
                        + "dev.ollamaperf.gateway.StreamWriter.write(byte[]): the code it targets was renamed or"
                        + " rewritten");
    }

    @Test
    void premain_withoutTheGatewayOnTheClassPath_stopsTheJvmNamingTheMissingClass() throws Exception {
        Ended ended = runAgentOn(GatewayJvm.AGENT_JAR.toString(), "chunk-delay:1ms");

        assertThat(ended.status()).isEqualTo(MutationAgent.EXIT_STATUS);
        assertThat(ended.stderr())
                .contains(
                        "mutation 'chunk-delay:1ms' targets class dev.ollamaperf.gateway.StreamWriter, which is not on"
                                + " the class path");
    }

    /** A JVM with only {@code classPath} and the agent: premain runs, and ends it, before any main. */
    private static Ended runAgentOn(String classPath, String mutations) throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        GatewayJvm.agent(mutations),
                        "-cp",
                        classPath,
                        "dev.ollamaperf.mutations.MutationAgent")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Ended(process.waitFor(), output);
    }
}
