package dev.ollamaperf.emulator.engine;

import java.nio.charset.StandardCharsets;

/** Seed mixing (SplitMix64's finalizer), so that nearby seeds give unrelated streams. */
final class SeedMixer {

    private SeedMixer() {}

    static long mix(long a, long b) {
        return finalizer(finalizer(a) ^ (b + 0x9E3779B97F4A7C15L));
    }

    static long hash(String text) {
        long h = 0xCBF29CE484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001B3L;
        }
        return finalizer(h);
    }

    private static long finalizer(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
