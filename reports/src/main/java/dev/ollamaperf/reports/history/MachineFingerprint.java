package dev.ollamaperf.reports.history;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Which machine a run was measured on, from {@code environment.json}: the first 12 hex digits of the
 * SHA-256 of {@code cpu.model}, {@code cpu.cores}, {@code os.name}, {@code os.arch} and {@code os.version}
 * (missing keys count as empty). The JVM and the settings are deliberately left out: they are what a
 * change may vary, while a baseline must come from the same hardware.
 */
public final class MachineFingerprint {

    /** The environment keys that make up the fingerprint, in hashing order. */
    public static final List<String> KEYS = List.of("cpu.model", "cpu.cores", "os.name", "os.arch", "os.version");

    private MachineFingerprint() {}

    /** Returns the fingerprint of a flattened environment. */
    public static String of(Map<String, String> environment) {
        StringBuilder text = new StringBuilder();
        for (String key : KEYS) {
            text.append(key)
                    .append('=')
                    .append(environment.getOrDefault(key, ""))
                    .append('\n');
        }
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
