package dev.ollamaperf.reports.capacity;

/** {@code OLLAMA_KV_CACHE_TYPE}: bytes per cached value, relative to the default f16. */
public enum KvCacheType {
    /** 2 bytes per value (the default). */
    F16("f16", 1.0),
    /** 1 byte per value. */
    Q8_0("q8_0", 0.5),
    /** Half a byte per value. */
    Q4_0("q4_0", 0.25);

    private final String setting;
    private final double factor;

    KvCacheType(String setting, double factor) {
        this.setting = setting;
        this.factor = factor;
    }

    /** The variable's value. */
    public String setting() {
        return setting;
    }

    /** Size relative to f16. */
    public double factor() {
        return factor;
    }

    /** Parses {@code f16}, {@code q8_0} or {@code q4_0}. */
    public static KvCacheType fromSetting(String value) {
        for (KvCacheType type : values()) {
            if (type.setting.equalsIgnoreCase(value.trim())) {
                return type;
            }
        }
        throw new IllegalArgumentException("'--kv-cache-type' must be f16, q8_0 or q4_0, got: " + value);
    }
}
