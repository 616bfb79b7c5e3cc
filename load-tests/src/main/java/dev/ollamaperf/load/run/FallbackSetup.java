package dev.ollamaperf.load.run;

import dev.ollamaperf.client.config.ClientSettings;
import dev.ollamaperf.load.protocol.OllamaRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings of the fallback scenario: the primary model (the first of {@code ollama.perf.models}) fails, and
 * the integration is configured to fall back to {@code ollama.perf.fallbackModel}. It turns a run's properties into
 * that scenario's, without overriding what the user set:
 *
 * <ul>
 *   <li>the load goes through the integration, paired by default ({@code mode=direct} becomes {@code paired}); the
 *       direct path of each pair asks the fallback model itself, so each pair's difference is what falling back
 *       adds (the failed call to the primary, then the integration's own cost);
 *   <li>the integration's {@code OLLAMA_FALLBACK_MODELS} is the fallback model unless the environment or
 *       {@code -Dollama.perf.integration.env.OLLAMA_FALLBACK_MODELS} sets it (empty: no fallback, every request
 *       fails, which the scenario's budget catches);
 *   <li>the embedded emulator fails every request of the primary ({@code fail=<primary>}, 500 "llama runner
 *       process has terminated", what Ollama answers when a model's runner cannot start); any other target must
 *       fail the primary on its own, which the scenario cannot arrange.
 * </ul>
 */
public final class FallbackSetup {

    /** The model the integration falls back to, and the direct path asks. */
    public static final String FALLBACK_MODEL = LoadSettings.PREFIX + "fallbackModel";

    /** A small model of the emulator's built-in catalogue that is not the default primary. */
    public static final String DEFAULT_FALLBACK_MODEL = "gemma3:latest";

    private final String primary;
    private final String fallbackModel;
    private final Map<String, String> properties;

    private FallbackSetup(String primary, String fallbackModel, Map<String, String> properties) {
        this.primary = primary;
        this.fallbackModel = fallbackModel;
        this.properties = properties;
    }

    /**
     * The fallback scenario's properties from a run's.
     *
     * @throws IllegalArgumentException when the fallback model is the primary, or the mode asks for no integration
     */
    public static FallbackSetup from(Map<String, String> given, Map<String, String> env) {
        Map<String, String> properties = new HashMap<>(given);
        LoadSettings settings = LoadSettings.from(properties, env);
        String primary = settings.models().get(0);
        String fallbackModel = fallbackModel(properties.get(FALLBACK_MODEL));
        if (fallbackModel.equals(primary)) {
            throw new IllegalArgumentException("'" + FALLBACK_MODEL + "' must differ from the primary model (the first"
                    + " of '" + LoadSettings.PREFIX + "models'), got: " + fallbackModel + " for both");
        }
        if (settings.mode() == LoadMode.DIRECT) {
            properties.put(LoadSettings.PREFIX + "mode", "paired");
        }
        String fallbackVariable = Scenarios.INTEGRATION_ENV + ClientSettings.FALLBACK_MODELS;
        if (!properties.containsKey(fallbackVariable) && !env.containsKey(ClientSettings.FALLBACK_MODELS)) {
            properties.put(fallbackVariable, fallbackModel);
        }
        if (LoadTarget.embedded(env, properties)) {
            String faults =
                    properties.getOrDefault(LoadTarget.EMULATOR_FAULTS, "").strip();
            String failPrimary = "fail=" + primary;
            properties.put(
                    LoadTarget.EMULATOR_FAULTS,
                    faults.isEmpty() || faults.equals("none") ? failPrimary : faults + "," + failPrimary);
        }
        return new FallbackSetup(primary, fallbackModel, properties);
    }

    private static String fallbackModel(String value) {
        if (value == null) {
            return DEFAULT_FALLBACK_MODEL;
        }
        String model = value.strip();
        if (model.isEmpty() || model.contains(",")) {
            throw new IllegalArgumentException("'" + FALLBACK_MODEL + "' must name one model, got: '" + value + "'");
        }
        return model;
    }

    /** What fails and what answers, for the run's console and log. */
    @Override
    public String toString() {
        return "primary " + primary + " (fails), fallback " + fallbackModel + "; integration "
                + ClientSettings.FALLBACK_MODELS + "="
                + properties.getOrDefault(
                        Scenarios.INTEGRATION_ENV + ClientSettings.FALLBACK_MODELS, "(from the environment)")
                + "; emulator faults: " + properties.getOrDefault(LoadTarget.EMULATOR_FAULTS, "(not embedded)");
    }

    /** The run's properties for the scenario. */
    public Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    /** The model that fails. */
    public String primary() {
        return primary;
    }

    /** The model that answers instead. */
    public String fallbackModel() {
        return fallbackModel;
    }

    /**
     * The request as the scenario sends it: through the integration it asks the primary (which fails, so the
     * integration falls back); on a pair's direct path it asks the fallback model.
     */
    public OllamaRequest route(OllamaRequest request) {
        return request.route() != null && request.route().direct() ? request.withModel(fallbackModel) : request;
    }
}
