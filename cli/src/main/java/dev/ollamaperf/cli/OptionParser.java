package dev.ollamaperf.cli;

import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Parses a command's options with picocli into an {@code @Option}-annotated object, with the messages
 * {@code perf} has always given: {@code perf gate: unknown option '--x'} (and the usage),
 * {@code perf gate: option '--run' needs a value}. An option given twice keeps its last value, and a
 * setting flag must look like {@code -Dollama.perf.NAME=VALUE}.
 */
final class OptionParser {

    /** What {@code gate}, {@code capacity} and {@code compare-models} accept after {@code -D}. */
    static final Pattern LOAD_SETTING = Pattern.compile("ollama\\.perf\\.[^=]+=.*", Pattern.DOTALL);
    /** What {@code load} accepts after {@code -D}: any system property of the load JVM. */
    static final Pattern ANY_PROPERTY = Pattern.compile("[^=]+=.*", Pattern.DOTALL);

    private OptionParser() {}

    /**
     * Parses {@code args} into {@code options}.
     *
     * @param command the command's name for messages, e.g. {@code gate}
     * @param usage the command's usage text, printed after an unknown option
     * @return {@code true} when {@code -h} / {@code --help} was given
     * @throws UsageException for an unknown option or a missing value
     */
    static boolean parse(String command, Object options, List<String> args, String usage) {
        CommandLine commandLine = new CommandLine(options).setOverwrittenOptionsAllowed(true);
        try {
            commandLine.parseArgs(args.toArray(String[]::new));
        } catch (UnmatchedArgumentException e) {
            throw unknown(
                    command, e.getUnmatched().isEmpty() ? "?" : e.getUnmatched().get(0), usage);
        } catch (MissingParameterException e) {
            throw new UsageException("perf " + command + ": option '" + name(e.getMissing()) + "' needs a value");
        } catch (ParameterException e) {
            throw new UsageException("perf " + command + ": " + e.getMessage(), usage);
        }
        return commandLine.isUsageHelpRequested();
    }

    /**
     * Checks each {@code -D} value against {@code allowed}.
     *
     * @return the values as JVM flags, {@code -DNAME=VALUE} each, in the order given
     */
    static List<String> settings(String command, List<String> values, Pattern allowed, String usage) {
        for (String value : values) {
            if (!allowed.matcher(value).matches()) {
                throw unknown(command, "-D" + value, usage);
            }
        }
        return values.stream().map(value -> "-D" + value).toList();
    }

    /** {@code perf gate: unknown option '--x'} and the usage. */
    static UsageException unknown(String command, String option, String usage) {
        return new UsageException("perf " + command + ": unknown option '" + option + "'", usage);
    }

    private static String name(List<ArgSpec> missing) {
        return missing.stream()
                .filter(ArgSpec::isOption)
                .map(a -> ((OptionSpec) a).longestName())
                .findFirst()
                .orElse(missing.isEmpty() ? "?" : missing.get(0).paramLabel());
    }
}
