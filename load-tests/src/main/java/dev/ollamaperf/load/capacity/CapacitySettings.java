package dev.ollamaperf.load.capacity;

import dev.ollamaperf.load.run.LoadSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The capacity sweep's own parameters (the rest, such as models, prompts and numPredict, are the
 * usual {@link LoadSettings}), read once from {@code ollama.perf.*} system properties.
 *
 * @param sweep         concurrency (closed model) or arrival rate (open model)
 * @param levels        the steps' users or arrivals per second, strictly increasing, at least one
 * @param stepDuration  how long each step applies its load ({@code ollama.perf.duration}; then it drains
 *                      before the next starts)
 * @param stopRule      when to stop escalating (see {@link SaturationGuard})
 */
public record CapacitySettings(Sweep sweep, List<Double> levels, Duration stepDuration, SaturationGuard.Rule stopRule) {

    /** Most steps one sweep may have. */
    public static final int MAX_STEPS = 64;

    public CapacitySettings {
        Objects.requireNonNull(sweep, "sweep");
        Objects.requireNonNull(stopRule, "stopRule");
        levels = List.copyOf(levels);
        if (levels.isEmpty() || levels.size() > MAX_STEPS) {
            throw new IllegalArgumentException(
                    "'ollama.perf.levels' must have 1 to " + MAX_STEPS + " levels, got: " + levels.size());
        }
        for (int i = 0; i < levels.size(); i++) {
            double level = levels.get(i);
            if (!(level > 0 && level <= 10_000) || (sweep == Sweep.CONCURRENCY && level != Math.rint(level))) {
                throw new IllegalArgumentException("'ollama.perf.levels' must hold "
                        + (sweep == Sweep.CONCURRENCY ? "whole numbers of users" : "arrival rates")
                        + " between 1 and 10000, got: " + level);
            }
            if (i > 0 && level <= levels.get(i - 1)) {
                throw new IllegalArgumentException("'ollama.perf.levels' must increase, got: " + levels);
            }
        }
        if (stepDuration == null || stepDuration.isNegative() || stepDuration.isZero()) {
            throw new IllegalArgumentException("'ollama.perf.duration' must be > 0, got: " + stepDuration);
        }
    }

    /**
     * Reads the sweep from {@code ollama.perf.sweep} (default concurrency), {@code ollama.perf.levels}
     * (a comma-separated list) or else doubling from 1 user (or from {@code ollama.perf.rate}) up to
     * {@code ollama.perf.maxLevel} (default 32 users, or 32 times the rate), and the stop rule's
     * {@code ollama.perf.stop.*}; each step lasts {@code ollama.perf.duration} (so the load run's own
     * checks, such as the missed-rate check of an open-model phase, judge each step by its length).
     */
    public static CapacitySettings from(Map<String, String> properties, LoadSettings base) {
        Sweep sweep = Sweep.fromSetting(get(properties, "sweep", "concurrency"));
        double start = sweep == Sweep.CONCURRENCY ? 1 : base.ratePerSecond();
        double max = number(properties, "maxLevel", Double.toString(start * 32));
        String explicit = properties.get(LoadSettings.PREFIX + "levels");
        List<Double> levels = new ArrayList<>();
        if (explicit != null && !explicit.isBlank()) {
            for (String part : explicit.split(",")) {
                levels.add(parse("levels", part));
            }
        } else {
            for (double level = start; level <= max * (1 + 1e-9) && levels.size() < MAX_STEPS; level *= 2) {
                levels.add(level);
            }
        }
        SaturationGuard.Rule rule = new SaturationGuard.Rule(
                number(properties, "stop.errorRatio", "0.05"),
                number(properties, "stop.latencyGrowth", "1.5"),
                number(properties, "stop.minGain", "0.1"),
                (int) number(properties, "stop.patience", "2"));
        return new CapacitySettings(sweep, levels, base.duration(), rule);
    }

    /** Every setting by its property name, for the console and sweep.json. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(LoadSettings.PREFIX + "sweep", sweep.setting());
        map.put(LoadSettings.PREFIX + "levels", levels.toString());
        map.put(LoadSettings.PREFIX + "duration", stepDuration.toString());
        map.put(LoadSettings.PREFIX + "stop.errorRatio", Double.toString(stopRule.maxErrorRatio()));
        map.put(LoadSettings.PREFIX + "stop.latencyGrowth", Double.toString(stopRule.latencyGrowth()));
        map.put(LoadSettings.PREFIX + "stop.minGain", Double.toString(stopRule.minGain()));
        map.put(LoadSettings.PREFIX + "stop.patience", Integer.toString(stopRule.patience()));
        return map;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    private static String get(Map<String, String> properties, String name, String fallback) {
        String value = properties.get(LoadSettings.PREFIX + name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static double number(Map<String, String> properties, String name, String fallback) {
        return parse(name, get(properties, name, fallback));
    }

    private static double parse(String name, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + LoadSettings.PREFIX + name + "' must be a number, got: " + value);
        }
    }
}
