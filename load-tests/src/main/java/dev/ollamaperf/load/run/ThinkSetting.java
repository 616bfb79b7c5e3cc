package dev.ollamaperf.load.run;

import java.util.Set;

/**
 * The {@code ollama.perf.think} setting: what the requests send as {@code think} (docs/ollama-api.md §1.7). Empty
 * leaves the field out, so each model does what it does by default (a thinking model thinks); {@code true} or a
 * level turns thinking on (a model without the capability then answers 400); {@code false} turns it off.
 */
final class ThinkSetting {

    /** The values the setting takes besides empty. */
    static final Set<String> VALUES = Set.of("true", "false", "low", "medium", "high", "max");

    private ThinkSetting() {}

    /**
     * Checks a value.
     *
     * @throws IllegalArgumentException naming the setting, the rule and the value
     */
    static void check(String name, String value) {
        if (value == null || (!value.isEmpty() && !VALUES.contains(value))) {
            throw new IllegalArgumentException("'" + name + "' must be true, false, low, medium, high or max (or"
                    + " unset, to leave think out), got: " + value);
        }
    }
}
