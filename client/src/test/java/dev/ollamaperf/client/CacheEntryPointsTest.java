package dev.ollamaperf.client;

import static dev.ollamaperf.client.EmulatorFixture.TINY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.client.api.GenerateRequest;
import dev.ollamaperf.client.cache.CacheConfig;
import dev.ollamaperf.client.cache.CacheEnvironment;
import dev.ollamaperf.client.cache.CachePolicy;
import dev.ollamaperf.client.config.OllamaClientConfig;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.engine.EngineSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way of building a client opens the response cache by the same rule (real SQLite files in temp folders):
 * {@code create(config)} opens {@code config.cache()}; {@code fromEnvironment} is {@code create} of the config the
 * environment describes; {@code OllamaClientConfig.builder()} reads no environment and leaves the cache off.
 */
final class CacheEntryPointsTest {

    private static final String NOWHERE = "http://127.0.0.1:1"; // nothing is called: building opens the cache

    @Test
    void builder_noCacheSetting_opensNoCache() {
        OllamaClientConfig config =
                OllamaClientConfig.builder().endpoint(NOWHERE).build();
        assertThat(config.cache()).isEqualTo(CacheConfig.disabled());
        try (OllamaClient client = OllamaClient.create(config)) {
            assertThat(client.metrics().snapshot().cacheTiers())
                    .as("cache tiers")
                    .isEmpty();
        }
    }

    @Test
    void builder_cachePath_opensThatFile(@TempDir Path dir) {
        Path file = dir.resolve("built.db");
        try (OllamaClient client = OllamaClient.create(
                OllamaClientConfig.builder().endpoint(NOWHERE).cachePath(file).build())) {
            assertThat(file).isRegularFile();
            assertThat(client.metrics().snapshot().cacheTiers()).containsOnlyKeys("memory", "sqlite");
        }
    }

    @Test
    void fromEnvironment_nothingSet_opensTheDefaultFileUnderHome(@TempDir Path home) {
        Map<String, String> env = Map.of("HOME", home.toString(), "OLLAMA_ENDPOINT", NOWHERE);
        Path file = home.resolve(".cache/ollama-perf/responses.db");
        OllamaClientConfig config = OllamaClientConfig.fromEnvironment(env);
        assertThat(config.cacheEnabled()).isTrue();
        assertThat(config.cachePath()).isEqualTo(file);
        try (OllamaClient client = OllamaClient.create(config)) {
            assertThat(file).isRegularFile();
        }
        deleteTree(home.resolve(".cache"));
        try (OllamaClient client = OllamaClient.fromEnvironment(env)) {
            assertThat(file).isRegularFile();
            assertThat(client.metrics().snapshot().cacheTiers()).containsOnlyKeys("memory", "sqlite");
        }
    }

    @Test
    void cacheEnabledFalse_inTheEnvironment_noEntryPointCreatesAFile(@TempDir Path home) {
        Map<String, String> env = Map.of(
                "HOME",
                home.toString(),
                "OLLAMA_ENDPOINT",
                NOWHERE,
                "OLLAMA_CACHE_ENABLED",
                "false",
                "OLLAMA_CACHE_PATH",
                home.resolve("off.db").toString());
        OllamaClientConfig config = OllamaClientConfig.fromEnvironment(env);
        assertThat(config.cacheEnabled()).isFalse();
        try (OllamaClient created = OllamaClient.create(config);
                OllamaClient fromEnv = OllamaClient.fromEnvironment(env);
                OllamaClient rebuilt =
                        OllamaClient.create(config.toBuilder().maxConcurrent(2).build())) {
            assertThat(created.metrics().snapshot().cacheTiers()).isEmpty();
            assertThat(fromEnv.metrics().snapshot().cacheTiers()).isEmpty();
            assertThat(rebuilt.metrics().snapshot().cacheTiers()).isEmpty();
        }
        assertThat(filesUnder(home)).as("files under HOME").isEmpty();
    }

    @Test
    void everyCacheVariable_isInTheConfigThatCreateOpens(@TempDir Path home) {
        Map<String, String> env = Map.of(
                "HOME",
                home.toString(),
                "OLLAMA_ENDPOINT",
                NOWHERE,
                "OLLAMA_CACHE_PATH",
                "~/sub/answers.db",
                "OLLAMA_CACHE_TTL",
                "1h",
                "OLLAMA_CACHE_POLICY",
                "always",
                "OLLAMA_CACHE_MEMORY_BYTES",
                "0",
                "OLLAMA_CACHE_MAX_DB_BYTES",
                "2m",
                "OLLAMA_CACHE_BUSY_TIMEOUT",
                "1s");
        OllamaClientConfig config = OllamaClientConfig.fromEnvironment(env);
        assertThat(config.cache()).isEqualTo(CacheEnvironment.fromEnvironment(env, home));
        assertThat(config.cache())
                .isEqualTo(new CacheConfig(
                        true,
                        home.resolve("sub/answers.db"),
                        0,
                        2L << 20,
                        Duration.ofHours(1),
                        CachePolicy.Mode.ALWAYS,
                        Duration.ofSeconds(1)));
        try (OllamaClient client = OllamaClient.fromEnvironment(env)) {
            assertThat(home.resolve("sub/answers.db")).isRegularFile();
        }
    }

    /**
     * The policy from the environment reaches the client built by {@code create}: with {@code always}, a sampled
     * request (no temperature, no seed) is answered from the cache the second time. (Before, {@code create} opened
     * the file with default settings, and the default policy never caches such a request.)
     */
    @Test
    @Timeout(30)
    void create_policyAlwaysFromTheEnvironment_cachesASampledRequest(@TempDir Path home) {
        try (Emulator emulator = EmulatorFixture.start(EngineSettings.defaults())) {
            Map<String, String> env = new HashMap<>(Map.of(
                    "HOME",
                    home.toString(),
                    "OLLAMA_ENDPOINT",
                    emulator.baseUri().toString(),
                    "OLLAMA_DEFAULT_MODEL",
                    TINY));
            GenerateRequest sampled =
                    GenerateRequest.builder(TINY).prompt("once upon a time").build();
            for (String policy : List.of("deterministic", "always")) {
                env.put("OLLAMA_CACHE_POLICY", policy);
                env.put("OLLAMA_CACHE_PATH", home.resolve(policy + ".db").toString());
                try (OllamaClient client = OllamaClient.create(OllamaClientConfig.fromEnvironment(env))) {
                    long before = EmulatorFixture.stats(emulator, TINY) == null
                            ? 0
                            : EmulatorFixture.stats(emulator, TINY).requests();
                    client.generate(sampled);
                    client.generate(sampled);
                    long reached = EmulatorFixture.stats(emulator, TINY).requests() - before;
                    assertThat(reached)
                            .as("requests reaching the server with policy %s", policy)
                            .isEqualTo(policy.equals("always") ? 1 : 2);
                }
            }
            assertThat(EmulatorFixture.destructiveCalls(emulator)).isZero();
        }
    }

    private static List<Path> filesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p :
                    files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
