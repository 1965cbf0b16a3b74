package io.banditflow.core.util;

import java.nio.charset.StandardCharsets;

/**
 * Seeds derived from a key and a round, so that a random choice is a pure function of its inputs:
 * the same product and round draw the same number on any parallelism, after any restore.
 */
public final class Seeds {
    private Seeds() {}

    public static long of(long salt, String key, long round) {
        long h = mix(salt ^ 0x9E3779B97F4A7C15L);
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xFF));
        }
        return mix(h ^ round);
    }

    /** The SplitMix64 finaliser: a bijective mix with good avalanche. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniform double in [0, 1) from a seed. */
    public static double uniform(long seed) {
        return (mix(seed) >>> 11) * 0x1.0p-53;
    }
}
