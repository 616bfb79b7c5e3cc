package dev.ollamaperf.recorder;

/** The server failed while a model was being recorded; the message names the model and the step. */
final class RecordingFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RecordingFailure(String model, String step, Throwable cause) {
        super("recording '" + model + "' failed while measuring " + step + ": " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }
}
