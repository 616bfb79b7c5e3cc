package dev.ollamaperf.emulator.http;

/**
 * A request that Ollama would refuse before scheduling it: carries the HTTP status and Ollama's
 * exact message, which the endpoint renders in its own error shape (native or OpenAI).
 */
final class ApiException extends RuntimeException {

    private final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String model) {
        return new ApiException(404, "model '" + model + "' not found");
    }
}
