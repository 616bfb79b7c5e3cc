package dev.ollamaperf.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.emulator.engine.GenerationRequest;
import dev.ollamaperf.emulator.engine.GenerationRequest.Kind;
import dev.ollamaperf.emulator.engine.InferenceEngine;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import dev.ollamaperf.emulator.engine.Prompt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code POST /api/embed} and the legacy {@code POST /api/embeddings} (docs/ollama-api.md §1.4). The
 * engine times the load and the prompt evaluation; the vectors are deterministic stand-ins of the
 * profile's {@code embeddingLength}.
 */
final class EmbedEndpoints {

    private final InferenceEngine engine;

    EmbedEndpoints(InferenceEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    void embed(Request request, Exchange exchange) {
        RequestBody body = RequestBody.parse(request.body(), "EmbedRequest");
        String model = body.string("model");
        List<String> inputs = inputs(body.get("input"));
        Duration keepAlive = RequestRules.keepAlive(body);
        int dimensions = body.integer("dimensions", 0);
        ModelProfile profile = engine.catalogue().find(model).orElseThrow(() -> ApiException.notFound(model));
        int length = embeddingLength(profile, model, dimensions);
        run(request, exchange, model, profile, inputs, keepAlive, length, false);
    }

    void embeddings(Request request, Exchange exchange) {
        RequestBody body = RequestBody.parse(request.body(), "EmbeddingRequest");
        String model = body.string("model");
        String prompt = body.string("prompt");
        Duration keepAlive = RequestRules.keepAlive(body);
        ModelProfile profile = engine.catalogue().find(model).orElseThrow(() -> ApiException.notFound(model));
        int length = embeddingLength(profile, model, 0);
        run(request, exchange, model, profile, prompt.isEmpty() ? List.of() : List.of(prompt), keepAlive, length, true);
    }

    private void run(
            Request request,
            Exchange exchange,
            String model,
            ModelProfile profile,
            List<String> inputs,
            Duration keepAlive,
            int length,
            boolean legacy) {
        List<float[]> vectors = new ArrayList<>(inputs.size());
        String fullName = ModelCatalogue.fullName(profile.name());
        for (String input : inputs) {
            vectors.add(Embeddings.vector(fullName, input, length));
        }
        Kind kind = inputs.isEmpty() ? NativeEndpoints.kindFor(true, keepAlive) : Kind.EMBED;
        GenerationRequest generation = new GenerationRequest(
                model,
                kind,
                new Prompt(
                        inputs.stream()
                                .map(input -> new Prompt.Part(input, false))
                                .toList(),
                        false,
                        true,
                        true,
                        Prompt.DEFAULT_NUM_KEEP),
                -1,
                0,
                keepAlive,
                null,
                request.path());
        NativeEndpoints.submit(
                engine, exchange, generation, new EmbedFormat(model, vectors, legacy), false, AnswerPlan.TEXT);
    }

    /** {@code input}: a string (empty = none) or an array of strings; anything else is refused. */
    static List<String> inputs(JsonNode input) {
        List<String> inputs = new ArrayList<>();
        if (input == null) {
            return inputs;
        }
        if (input.isTextual()) {
            if (!input.textValue().isEmpty()) {
                inputs.add(input.textValue());
            }
            return inputs;
        }
        if (!input.isArray()) {
            throw ApiException.badRequest("invalid input type");
        }
        for (JsonNode element : input) {
            if (!element.isTextual()) {
                throw ApiException.badRequest("invalid input type");
            }
            inputs.add(element.textValue());
        }
        return inputs;
    }

    private static int embeddingLength(ModelProfile profile, String model, int dimensions) {
        if (profile.embeddingLength() <= 0) {
            // Real Ollama embeds with any model; a profile without a vector length cannot.
            throw ApiException.badRequest(JsonSupport.goQuote(model) + " does not support embeddings");
        }
        if (dimensions < 0 || dimensions > profile.embeddingLength()) {
            throw ApiException.badRequest(
                    "invalid dimensions: " + dimensions + " (must be between 0 and " + profile.embeddingLength() + ")");
        }
        return dimensions == 0 ? profile.embeddingLength() : dimensions;
    }
}
