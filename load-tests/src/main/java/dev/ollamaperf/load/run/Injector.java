package dev.ollamaperf.load.run;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of several load generators this JVM is ({@code -Dollama.perf.injector=K/N}, docs/injectors.md): injector
 * {@code index} of {@code count} carries its share of the users or of the arrival rate, so the {@code count} of them
 * together carry the load one generator would. Their files merge in the reports ({@code LoadMetricsMerger}).
 *
 * @param index this injector, 1..count
 * @param count how many injectors share the load, >= 1
 */
public record Injector(int index, int count) {

    /** The one generator of an ordinary run. */
    public static final Injector SINGLE = new Injector(1, 1);

    private static final Pattern FORM = Pattern.compile("(\\d{1,4})/(\\d{1,4})");

    public Injector {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("an injector must be K/N with 1 <= K <= N, got: " + index + "/" + count);
        }
    }

    /**
     * Parses {@code K/N}.
     *
     * @param name the setting's name, for the message
     * @throws IllegalArgumentException naming the setting, the rule and the value
     */
    public static Injector parse(String name, String value) {
        Matcher m = FORM.matcher(value.trim());
        if (m.matches()) {
            int k = Integer.parseInt(m.group(1));
            int n = Integer.parseInt(m.group(2));
            if (n >= 1 && k >= 1 && k <= n) {
                return new Injector(k, n);
            }
        }
        throw new IllegalArgumentException(
                "'" + name + "' must be K/N, injector K of N with 1 <= K <= N (e.g. 1/2)," + " got: " + value);
    }

    /** Whether the load is shared with other injectors. */
    public boolean shared() {
        return count > 1;
    }

    /**
     * This injector's users out of {@code total}: the shares differ by at most one and sum to {@code total}
     * exactly (5 over 2: 3 and 2), the first injectors taking the remainder.
     */
    public int users(int total) {
        return total / count + (index <= total % count ? 1 : 0);
    }

    /** This injector's arrival rate out of {@code total}: an equal share, so the shares sum to the total. */
    public double rate(double total) {
        return total / count;
    }

    /**
     * The number of this injector's {@code n}-th request (from 0) in the whole load: injectors interleave (K, K+N,
     * K+2N... from 0), so N injectors send the prompts one generator would, each once, rather than each sending the
     * same first prompts (which a server's prompt cache would answer faster).
     */
    public long requestNumber(long n) {
        return n * count + index - 1;
    }

    /**
     * The seed of this injector's random (Poisson) arrivals: derived from the run's seed and the index with
     * SplitMix64's finalizer, so injectors of one run draw independent streams that repeat run after run.
     */
    public long seed(long runSeed) {
        long z = runSeed + index * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The name of a file this injector writes in {@code load/} for {@code base}: the base itself when alone, else the
     * label before the extension ({@code metrics-steady.json} becomes {@code metrics-steady-injector-2-of-3.json},
     * which the reports read and merge with the other injectors'; {@code harness.json} becomes
     * {@code harness-injector-2-of-3.json}), so injectors sharing one run folder never write the same file.
     */
    public String fileName(String base) {
        if (!shared()) {
            return base;
        }
        int dot = base.lastIndexOf('.');
        return dot < 0 ? base + "-" + label() : base.substring(0, dot) + "-" + label() + base.substring(dot);
    }

    /** Its name in the files it writes: {@code injector-1} when alone, else {@code injector-K-of-N}. */
    public String label() {
        return shared() ? "injector-" + index + "-of-" + count : "injector-1";
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
