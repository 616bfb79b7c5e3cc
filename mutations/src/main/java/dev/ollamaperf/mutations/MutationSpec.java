package dev.ollamaperf.mutations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One mutation asked for on the agent's argument, with its magnitude parsed.
 *
 * @param mutation which one
 * @param magnitude nanoseconds for a duration, bytes for kilobytes, 0 for none
 * @param text as it was written, e.g. {@code chunk-delay:1ms}
 */
record MutationSpec(Mutation mutation, long magnitude, String text) {

    MutationSpec {
        Objects.requireNonNull(mutation, "mutation");
        Objects.requireNonNull(text, "text");
        if (magnitude < 0) {
            throw new IllegalArgumentException("magnitude must be 0 or more, got: " + magnitude);
        }
    }

    /**
     * Parses the agent's argument: {@code NAME[:MAGNITUDE][,NAME[:MAGNITUDE]...]}.
     *
     * @throws IllegalArgumentException on an empty list, an unknown name, a bad or missing magnitude, or a name
     *     given twice
     */
    static List<MutationSpec> parseAll(String argument) {
        if (argument == null || argument.isBlank()) {
            throw new IllegalArgumentException("no mutation named; use -javaagent:<jar>=NAME[:MAGNITUDE][,...] with "
                    + "NAME one of: " + Mutation.names());
        }
        List<MutationSpec> specs = new ArrayList<>();
        for (String part : argument.split(",", -1)) {
            MutationSpec spec = parse(part.trim());
            if (specs.stream().anyMatch(s -> s.mutation() == spec.mutation())) {
                throw new IllegalArgumentException(
                        "mutation '" + spec.mutation().label() + "' is named twice in '" + argument + "'");
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }

    static MutationSpec parse(String text) {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? null : text.substring(colon + 1);
        Mutation mutation = Arrays.stream(Mutation.values())
                .filter(m -> m.label().equals(name))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("unknown mutation '" + name + "'; known: " + Mutation.names()));
        return new MutationSpec(mutation, mutation.magnitude().parse(name, value), text);
    }

    /** The list as a person reads it, e.g. {@code chunk-delay:1ms, nagle}. */
    static String describe(List<MutationSpec> specs) {
        return specs.stream().map(MutationSpec::text).collect(Collectors.joining(", "));
    }
}
