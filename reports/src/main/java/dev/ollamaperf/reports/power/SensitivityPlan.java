package dev.ollamaperf.reports.power;

import dev.ollamaperf.reports.metric.Numbers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What {@code perf gate --sensitivity} concluded before the load: the length each budgeted load metric needs to
 * detect the target, and the one length the scenarios then run for.
 *
 * @param target the relative regression to detect ({@code 0.10} = 10%)
 * @param cap the longest length per scenario the gate's time budget allows
 * @param floor the shortest length it runs a scenario for
 * @param sizings one per budgeted load metric whose noise the history knows
 * @param missing what the history lacks to size the others, and how to get it; empty when nothing is missing
 */
public record SensitivityPlan(double target, Duration cap, Duration floor, List<Sizing> sizings, List<String> missing) {

    public SensitivityPlan {
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(floor, "floor");
        sizings = List.copyOf(sizings);
        missing = List.copyOf(missing);
    }

    /** Whether every budgeted load metric reaches the target within the cap, and none is unknown. */
    public boolean reachable() {
        return missing.isEmpty() && !sizings.isEmpty() && sizings.stream().allMatch(s -> s.needed() != null);
    }

    /** The length every scenario runs for: the longest any metric needs, at least {@link #floor}. */
    public Duration length() {
        return sizings.stream()
                .map(Sizing::needed)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .filter(d -> d.compareTo(floor) > 0)
                .orElse(floor);
    }

    /** The metrics that cannot reach the target within the cap. */
    public List<Sizing> unreachable() {
        return sizings.stream().filter(s -> s.needed() == null).toList();
    }

    /** Returns what the gate prints: the verdict line, then one line per metric or missing piece. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        String goal = "--sensitivity " + Numbers.plain(target * 100, 4) + "%";
        if (reachable()) {
            lines.add(goal + ": every scenario runs " + RunLength.format(length())
                    + " (the longest any budgeted load metric needs; the cap is " + RunLength.format(cap) + ")");
        } else {
            lines.add(goal + ": cannot be reached within the gate's time budget (" + RunLength.format(cap)
                    + " per scenario) or cannot be sized:");
        }
        sizings.stream()
                .sorted(Comparator.comparing((Sizing s) -> s.needed() == null ? Duration.ofDays(1) : s.needed())
                        .reversed())
                .forEach(s -> lines.add("  " + s.describe()));
        missing.forEach(m -> lines.add("  " + m));
        return lines;
    }
}
