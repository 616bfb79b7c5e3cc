package dev.ollamaperf.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code perf load}'s {@code --injector K/N} and {@code --start-at INSTANT} as the load settings
 * {@code ollama.perf.injector} and {@code ollama.perf.startAt} (docs/injectors.md), checked here, before the
 * environment step or any child starts, so a wrong value is a usage error (exit 2) and nothing is half-run. The load
 * JVM checks the same settings again for those who set them with {@code -D}.
 */
final class InjectorFlags {

    private static final Pattern FORM = Pattern.compile("(\\d{1,4})/(\\d{1,4})");

    private InjectorFlags() {}

    /**
     * @param injector {@code K/N}, or null for one generator
     * @param startAt  an instant such as {@code 2026-12-07T09:00:00Z}, or null to start after the warm-up
     * @param scenario the scenario: compare and replay run in one generator
     * @throws UsageException naming the option, the rule and the value
     */
    static List<String> of(String injector, String startAt, Scenario scenario) {
        List<String> flags = new ArrayList<>();
        if (injector != null) {
            Matcher m = FORM.matcher(injector.trim());
            int k = m.matches() ? Integer.parseInt(m.group(1)) : 0;
            int n = m.matches() ? Integer.parseInt(m.group(2)) : 0;
            if (k < 1 || k > n) {
                throw new UsageException("perf load: --injector must be K/N, injector K of N with 1 <= K <= N (e.g."
                        + " 1/2), got: '" + injector + "'");
            }
            if (n > 1 && (scenario == Scenario.COMPARE || scenario == Scenario.REPLAY)) {
                throw new UsageException("perf load: --injector " + injector + ": the " + scenario.label()
                        + " scenario runs in one generator; steady, arrival, cache, fallback, overload, soak and"
                        + " session can be shared between injectors (docs/injectors.md)");
            }
            flags.add("-D" + LoadFlags.PREFIX + "injector=" + k + "/" + n);
        }
        if (startAt != null) {
            try {
                flags.add("-D" + LoadFlags.PREFIX + "startAt=" + Instant.parse(startAt.trim()));
            } catch (DateTimeParseException e) {
                throw new UsageException("perf load: --start-at must be an instant in UTC such as"
                        + " 2026-12-07T09:00:00Z, got: '" + startAt + "'");
            }
        }
        return flags;
    }

    /**
     * Where Gatling writes its log, under the run folder: {@code gatling}, or {@code gatling/injector-K-of-N} for a
     * shared injector, so injectors writing to one folder (a shared volume) never mix their logs.
     */
    static String gatlingFolder(LoadFlags settings) {
        return settings.value("injector")
                .map(String::trim)
                .filter(FORM.asMatchPredicate())
                .filter(value -> !value.endsWith("/1"))
                .map(value -> "gatling/injector-" + value.replace("/", "-of-"))
                .orElse("gatling");
    }
}
