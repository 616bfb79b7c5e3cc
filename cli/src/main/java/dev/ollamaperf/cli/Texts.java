package dev.ollamaperf.cli;

/** Plain-text helpers for usage texts. */
final class Texts {

    private Texts() {}

    /** Wraps {@code text} at spaces so that no line is longer than {@code width} (a longer word stays whole). */
    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        for (String word : text.split(" ")) {
            int length = out.length() - lineStart;
            if (length > 0 && length + 1 + word.length() > width) {
                out.append('\n');
                lineStart = out.length();
            } else if (length > 0) {
                out.append(' ');
            }
            out.append(word);
        }
        return out.toString();
    }

    /** {@code Exit codes: 0 pass, 1 ...} from {@link ExitCode}, wrapped at 100 columns. */
    static String exitCodes() {
        return wrap("Exit codes: " + ExitCode.describeAll() + ".", 100);
    }
}
