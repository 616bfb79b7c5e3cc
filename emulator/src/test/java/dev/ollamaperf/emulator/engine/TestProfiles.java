package dev.ollamaperf.emulator.engine;

import java.time.Duration;
import java.util.List;

/** Small, fast profiles built in code, so a test states the timing it relies on. */
final class TestProfiles {

    private TestProfiles() {}

    /**
     * A completion model.
     *
     * @param name           its name
     * @param load           load time
     * @param tokensPerSecond decode rate of one stream
     */
    static ModelProfile model(String name, Duration load, double tokensPerSecond) {
        return model(name, load, tokensPerSecond, 0.0, 0.5);
    }

    static ModelProfile model(
            String name, Duration load, double tokensPerSecond, double jitter, double serialFraction) {
        return new ModelProfile(
                name,
                "llama",
                "10M",
                "F16",
                100_000_000L,
                8192,
                1000,
                load,
                100_000.0,
                Duration.ofMillis(1),
                tokensPerSecond,
                jitter,
                serialFraction,
                10,
                2,
                List.of("completion"),
                0,
                "test profile");
    }

    static ModelProfile embedder(String name, Duration load) {
        return new ModelProfile(
                name,
                "bert",
                "137M",
                "F16",
                274_000_000L,
                2048,
                100,
                load,
                100_000.0,
                Duration.ofMillis(2),
                1000.0,
                0.0,
                0.5,
                1,
                0,
                List.of(ModelProfile.EMBEDDING),
                768,
                "test profile");
    }

    static GenerationRequest generate(String model, int numPredict) {
        return new GenerationRequest(
                model,
                GenerationRequest.Kind.GENERATE,
                "why is the sky blue?",
                numPredict,
                0,
                null,
                null,
                "/api/generate");
    }

    static GenerationRequest generate(String model, int numPredict, int numCtx, Duration keepAlive) {
        return new GenerationRequest(
                model,
                GenerationRequest.Kind.GENERATE,
                "why is the sky blue?",
                numPredict,
                numCtx,
                keepAlive,
                null,
                "/api/generate");
    }

    static GenerationRequest of(String model, GenerationRequest.Kind kind, Duration keepAlive) {
        return new GenerationRequest(
                model,
                kind,
                kind == GenerationRequest.Kind.EMBED ? "some text" : "",
                -1,
                0,
                keepAlive,
                null,
                "/api/generate");
    }
}
