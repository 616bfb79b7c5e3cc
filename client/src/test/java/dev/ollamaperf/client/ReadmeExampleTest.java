package dev.ollamaperf.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.client.api.ChatMessage;
import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.config.ClientSettings;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.engine.EngineSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's usage example, compiled and run against the emulator; and the README's table against the code. */
final class ReadmeExampleTest {

    /**
     * Kept identical to the example in client/README.md (from "try (OllamaClient" to the last brace), except that the
     * README reads {@code System.getenv()} where this takes {@code env}. Besides {@code java.*}, it needs this package
     * and {@code dev.ollamaperf.client.api}: the README's two imports.
     */
    static void example(Map<String, String> env, PrintStream out) {
        try (OllamaClient ollama = OllamaClient.fromEnvironment(env)) {
            ollama.health().requireReady(Duration.ofSeconds(5)); // fails fast, saying what is wrong
            ChatResponse answer = ollama.chat(
                    ChatRequest.of(ollama.defaultModel(), List.of(ChatMessage.user("Why is the sky blue?"))));
            out.println(answer.message().content());

            CallControl control = new CallControl(); // control.cancel() from any thread stops the stream
            StreamAggregate story = ollama.chat(
                    ChatRequest.of(ollama.defaultModel(), List.of(ChatMessage.user("Tell me a story"))),
                    (chunk, nanos) -> out.print(chunk.message().content()),
                    control);
            out.printf(
                    "%nTTFT %d ms, %.1f tokens/s, served by %s%n",
                    story.ttftNanos() / 1_000_000, story.metrics().outputTokensPerSecond(), story.model());
        }
    }

    @Test
    @Timeout(30)
    void example_againstEmulator_printsAnswerAndTimings() {
        try (Emulator emulator = EmulatorFixture.start(EngineSettings.defaults())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            example(
                    Map.of(
                            "OLLAMA_ENDPOINT",
                            emulator.baseUri().toString(),
                            "OLLAMA_DEFAULT_MODEL",
                            "tiny",
                            "OLLAMA_CACHE_ENABLED",
                            "false"),
                    new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String printed = bytes.toString(StandardCharsets.UTF_8);
            assertThat(printed).containsPattern("TTFT \\d+ ms, [0-9.,]+ tokens/s, served by tiny");
            assertThat(EmulatorFixture.destructiveCalls(emulator)).isZero();
        }
    }

    @Test
    void readme_configurationTable_listsEverySettingOfClientSettings() throws Exception {
        Path readme = Path.of("README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("client", "README.md"); // when run from the repository root
        }
        String text = Files.readString(readme);
        for (Field f : ClientSettings.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())
                    && f.getType() == String.class
                    && ((String) f.get(null)).startsWith("OLLAMA_")) {
                assertThat(text).as("README table row for %s", f.get(null)).contains("| `" + f.get(null) + "`");
            }
        }
        String example = Files.readString(
                Path.of("src/test/java/dev/ollamaperf/client/ReadmeExampleTest.java")
                                .toFile()
                                .exists()
                        ? Path.of("src/test/java/dev/ollamaperf/client/ReadmeExampleTest.java")
                        : Path.of("client/src/test/java/dev/ollamaperf/client/ReadmeExampleTest.java"));
        String end = "story.model());";
        String body =
                example.substring(example.indexOf("try (OllamaClient ollama ="), example.indexOf(end) + end.length());
        body = body.replace("fromEnvironment(env)", "fromEnvironment(System.getenv())"); // the README's variant
        for (String line :
                body.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            assertThat(text).as("README example line").contains(line);
        }
        assertThat(text).contains("import dev.ollamaperf.client.*;", "import dev.ollamaperf.client.api.*;");
    }
}
