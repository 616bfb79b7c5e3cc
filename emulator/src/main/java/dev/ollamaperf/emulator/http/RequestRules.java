package dev.ollamaperf.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ollamaperf.emulator.engine.GoDuration;
import dev.ollamaperf.emulator.engine.ModelProfile;
import dev.ollamaperf.emulator.engine.Prompt;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The validation rules Ollama applies to inference requests before scheduling them
 * (docs/ollama-api.md §1.5–§1.7, §2), with its exact messages.
 */
final class RequestRules {

    /** What "forever" is passed to the engine as: Ollama's {@code math.MaxInt64} nanoseconds. */
    static final Duration FOREVER = GoDuration.FOREVER;

    private static final Set<String> THINK_LEVELS = Set.of("high", "medium", "low", "max");

    private RequestRules() {}

    /**
     * {@code keep_alive} as {@code api.Duration} parses it: a number is seconds (fractions
     * allowed), a string is a Go duration, a negative value is forever; absent or null is null.
     */
    static Duration keepAlive(RequestBody body) {
        JsonNode node = body.get("keep_alive");
        if (node == null) {
            return null;
        }
        Duration value;
        if (node.isNumber()) {
            value = Duration.ofNanos(Math.round(node.doubleValue() * 1e9));
        } else if (node.isTextual()) {
            try {
                value = GoDuration.parse(node.textValue());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        } else {
            throw ApiException.badRequest("Unsupported type: '" + RequestBody.goKind(node) + "'");
        }
        return value.isNegative() ? FOREVER : value;
    }

    /** {@code think}: a bool or one of the level strings (true); null when absent. */
    static Boolean think(RequestBody body) {
        JsonNode node = body.get("think");
        if (node == null) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            if (!THINK_LEVELS.contains(node.textValue())) {
                throw ApiException.badRequest("invalid think value: " + JsonSupport.goQuote(node.textValue())
                        + " (must be \"high\", \"medium\", \"low\", \"max\", true, or false)");
            }
            return true;
        }
        throw ApiException.badRequest("think must be a boolean or string");
    }

    /**
     * Whether the model thinks: a thinking model does unless {@code think} is false (left out, it is on);
     * any other model given {@code think} on is a 400 (docs/ollama-api.md §1.7). Levels all mean on: the
     * emulator draws the same thinking length for each.
     */
    static boolean thinks(ModelProfile profile, String requested, Boolean think) {
        if (profile.has(ModelProfile.THINKING)) {
            return think == null || think;
        }
        if (Boolean.TRUE.equals(think)) {
            throw ApiException.badRequest(JsonSupport.goQuote(requested) + " does not support thinking");
        }
        return false;
    }

    /** {@code top_logprobs} must be 0..20. */
    static void checkTopLogprobs(RequestBody body) {
        int value = body.integer("top_logprobs", 0);
        if (value < 0 || value > 20) {
            throw ApiException.badRequest("top_logprobs must be between 0 and 20");
        }
    }

    /** An integer option; JSON numbers are truncated as Go's option parser does. */
    static Integer intOption(ObjectNode options, String key) {
        JsonNode node = options.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new ApiException(500, "option \"" + key + "\" must be of type integer");
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, node.longValue()));
    }

    /** {@code options.num_predict}: a negative value means unbounded (-1). */
    static int numPredict(ObjectNode options) {
        Integer value = intOption(options, "num_predict");
        return value == null || value < 0 ? -1 : value;
    }

    /** {@code options.num_ctx}, or 0 for the default. */
    static int numCtx(ObjectNode options) {
        Integer value = intOption(options, "num_ctx");
        return value == null || value < 0 ? 0 : value;
    }

    /**
     * The rendered prompt with the request's context-window choices: {@code truncate} and
     * {@code shift} (both default true) and {@code options.num_keep} (default 4).
     */
    static Prompt prompt(RequestBody body, ObjectNode options, List<Prompt.Part> parts, boolean chat) {
        Integer numKeep = intOption(options, "num_keep");
        return new Prompt(
                parts,
                chat,
                body.bool("truncate", true),
                body.bool("shift", true),
                numKeep == null ? Prompt.DEFAULT_NUM_KEEP : numKeep);
    }

    /** {@code options.seed}, or null when absent. */
    static Long seed(ObjectNode options) {
        JsonNode node = options.get("seed");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new ApiException(500, "option \"seed\" must be of type integer");
        }
        return node.longValue();
    }

    /** 400 unless the model has the capability (a profile with no list can complete). */
    static void requireCapability(ModelProfile profile, String requested, String capability, String verb) {
        List<String> capabilities = profile.capabilities();
        boolean has = capabilities == null || capabilities.isEmpty()
                ? "completion".equals(capability)
                : capabilities.contains(capability);
        if (!has) {
            throw ApiException.badRequest(JsonSupport.goQuote(requested) + " does not support " + verb);
        }
    }
}
