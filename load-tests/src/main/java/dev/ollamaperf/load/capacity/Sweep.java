package dev.ollamaperf.load.capacity;

/**
 * What a capacity sweep escalates: concurrent users (closed model, each step's users chat back to
 * back) or the arrival rate (open model, each step a constant rate). Each constant names its steps.
 */
public enum Sweep {
    /** Closed model: step names {@code capacity_c001}, {@code capacity_c002}... */
    CONCURRENCY("concurrency"),
    /** Open model: step names {@code capacity_r2}, {@code capacity_r2_5}... (no dots in scenario names). */
    RATE("rate");

    /** Prefix of every step's scenario name. */
    public static final String STEP_PREFIX = "capacity_";

    private final String setting;

    Sweep(String setting) {
        this.setting = setting;
    }

    /** The value of {@code ollama.perf.sweep}. */
    public String setting() {
        return setting;
    }

    /** Parses {@code ollama.perf.sweep}. */
    public static Sweep fromSetting(String value) {
        for (Sweep sweep : values()) {
            if (sweep.setting.equals(value)) {
                return sweep;
            }
        }
        throw new IllegalArgumentException("'ollama.perf.sweep' must be concurrency or rate, got: " + value);
    }

    /** The scenario name of the step at {@code level}: {@code capacity_c004}, {@code capacity_r2_5}. */
    public String stepName(double level) {
        if (this == CONCURRENCY) {
            return String.format(java.util.Locale.ROOT, "%sc%03d", STEP_PREFIX, Math.round(level));
        }
        String plain = java.math.BigDecimal.valueOf(level).stripTrailingZeros().toPlainString();
        return STEP_PREFIX + "r" + plain.replace('.', '_');
    }
}
