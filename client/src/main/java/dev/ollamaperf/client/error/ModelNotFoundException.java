package dev.ollamaperf.client.error;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP 404: the model is not present on the server. The model name is taken from the server's message with Ollama's
 * own regex {@code model ['"](.+)['"] not found}, which matches every release's wording (docs/ollama-api.md §2).
 */
public final class ModelNotFoundException extends OllamaException {

    private static final long serialVersionUID = 1L;
    private static final Pattern MESSAGE = Pattern.compile("model ['\"](.+)['\"] not found");

    private final String model;

    /** A 404 for {@code model}, with the server's message. */
    public ModelNotFoundException(String model, String serverMessage) {
        super(ErrorKind.MODEL_NOT_FOUND, 404, "model '" + model + "' not found (HTTP 404): " + serverMessage, null);
        this.model = model;
    }

    /** The model named in {@code serverMessage}, or {@code null} if the message is not a model-not-found message. */
    public static String modelIn(String serverMessage) {
        if (serverMessage == null) {
            return null;
        }
        Matcher m = MESSAGE.matcher(serverMessage);
        return m.find() ? m.group(1) : null;
    }

    /** The model that was not found. */
    public String model() {
        return model;
    }
}
