package dev.ollamaperf.load.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.load.protocol.OllamaRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A list of conversations to send, read from JSONL: one object per line,
 * {@code {"id":"short-001","kind":"short","messages":[{"role":"user","content":"..."}]}}.
 * The built-in set ({@code prompts/prompts.jsonl}, written for this project) has about a hundred
 * prompts: short and medium single-turn questions, long documents to summarize, multi-turn chats,
 * and code prompts for codellama-style models.
 */
public final class PromptSet {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUILT_IN = "/prompts/prompts.jsonl";

    private final List<Prompt> prompts;

    private PromptSet(List<Prompt> prompts) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("a prompt set must hold at least one prompt");
        }
        this.prompts = List.copyOf(prompts);
    }

    /** One prompt of the set. */
    public record Prompt(String id, String kind, List<OllamaRequest.Message> messages) {
        public Prompt {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            messages = List.copyOf(messages);
        }
    }

    /**
     * Resolves an {@code ollama.perf.prompts} value: {@code builtin}, {@code builtin:<kind>}
     * (short, medium, long, multi_turn, code) or the path of a JSONL file.
     */
    public static PromptSet resolve(String value) {
        if (value.equals("builtin")) {
            return builtIn();
        }
        if (value.startsWith("builtin:")) {
            return builtIn().ofKind(value.substring("builtin:".length()));
        }
        return load(Path.of(value));
    }

    /** The set shipped with the harness. */
    public static PromptSet builtIn() {
        try (InputStream in = PromptSet.class.getResourceAsStream(BUILT_IN)) {
            return read(Objects.requireNonNull(in, BUILT_IN + " is missing from the classpath"), BUILT_IN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A user's JSONL file. */
    public static PromptSet load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read prompt file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The prompts of one kind. */
    public PromptSet ofKind(String kind) {
        List<Prompt> selected =
                prompts.stream().filter(p -> p.kind().equals(kind)).toList();
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("no prompt of kind '" + kind + "'; kinds: "
                    + prompts.stream().map(Prompt::kind).distinct().toList());
        }
        return new PromptSet(selected);
    }

    /** The n-th prompt, cycling through the set. */
    public Prompt get(long n) {
        return prompts.get((int) Math.floorMod(n, (long) prompts.size()));
    }

    /** How many prompts the set holds. */
    public int size() {
        return prompts.size();
    }

    private static PromptSet read(InputStream in, String source) throws IOException {
        List<Prompt> prompts = new ArrayList<>();
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            prompts.add(parse(line, source, number));
        }
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException(source + ": no prompts (one JSON object per line expected)");
        }
        return new PromptSet(prompts);
    }

    private static Prompt parse(String line, String source, int number) {
        try {
            JsonNode node = JSON.readTree(line);
            List<OllamaRequest.Message> messages = new ArrayList<>();
            for (JsonNode m : node.path("messages")) {
                messages.add(new OllamaRequest.Message(text(m, "role"), text(m, "content")));
            }
            if (messages.isEmpty()) {
                throw new IllegalArgumentException("'messages' must be a non-empty array");
            }
            return new Prompt(text(node, "id"), node.path("kind").asText("unknown"), messages);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(source + ":" + number + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return value.asText();
    }
}
