package dev.ollamaperf.reports.budget;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Selects metrics by name: an exact name, or a glob where {@code *} matches any run of characters
 * (dots and colons included, since model names hold both: {@code llama3.2:latest}) and {@code ?} one
 * character. Everything else is literal.
 *
 * @param pattern the selector as written, non-blank
 */
public record Selector(String pattern) {

    public Selector {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isBlank()) {
            throw new IllegalArgumentException("selector must not be blank");
        }
    }

    /** Returns whether the selector holds a wildcard. */
    public boolean isGlob() {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    /** Returns whether {@code name} is selected. */
    public boolean matches(String name) {
        return isGlob() ? regex().matcher(name).matches() : pattern.equals(name);
    }

    private Pattern regex() {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            if (ch == '*' || ch == '?') {
                re.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                re.append(ch == '*' ? ".*" : ".");
            } else {
                literal.append(ch);
            }
        }
        re.append(Pattern.quote(literal.toString()));
        return Pattern.compile(re.toString());
    }

    @Override
    public String toString() {
        return pattern;
    }
}
