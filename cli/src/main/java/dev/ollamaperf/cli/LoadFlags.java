package dev.ollamaperf.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code -Dollama.perf.NAME=VALUE} settings a load JVM gets (load-tests/README.md lists them), in order:
 * the JVM keeps the last of two flags for one property, so flags added later win, and a command puts its
 * defaults first and the user's flags after them.
 *
 * @param flags each {@code -DNAME=VALUE}
 */
public record LoadFlags(List<String> flags) {

    /** The prefix of every load setting. */
    public static final String PREFIX = "ollama.perf.";

    public LoadFlags {
        flags = List.copyOf(flags);
        for (String flag : flags) {
            if (!flag.startsWith("-D") || flag.indexOf('=') < 3) {
                throw new IllegalArgumentException("a load flag must be -DNAME=VALUE, got: '" + flag + "'");
            }
        }
    }

    /** No flags. */
    public static LoadFlags none() {
        return new LoadFlags(List.of());
    }

    /** Returns these flags and {@code -Dollama.perf.<setting>=<value>} after them. */
    public LoadFlags with(String setting, String value) {
        return plus(List.of("-D" + PREFIX + setting + "=" + value));
    }

    /** Returns these flags and {@code more} after them. */
    public LoadFlags plus(List<String> more) {
        List<String> all = new ArrayList<>(flags);
        all.addAll(more);
        return new LoadFlags(all);
    }

    /** Returns the value the JVM will see for {@code -Dollama.perf.<setting>}: the last flag's. */
    public Optional<String> value(String setting) {
        String start = "-D" + PREFIX + setting + "=";
        Optional<String> value = Optional.empty();
        for (String flag : flags) {
            if (flag.startsWith(start)) {
                value = Optional.of(flag.substring(start.length()));
            }
        }
        return value;
    }

    /** Returns the flags joined by spaces, as environment.json's settings record them. */
    public String joined() {
        return String.join(" ", flags);
    }
}
