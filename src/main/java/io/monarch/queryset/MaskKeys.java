package io.monarch.queryset;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The key of a run's masks. A fresh random one per run, so masked values cannot be matched across runs nor
 * reversed by guessing; set MONARCH_MASK_KEY to make masks the same across runs (e.g. to join two partial copies).
 */
public final class MaskKeys {
    private MaskKeys() {
    }

    public static byte[] forRun() {
        String fixed = System.getenv("MONARCH_MASK_KEY");
        if (fixed != null && !fixed.isBlank()) {
            return fixed.getBytes(StandardCharsets.UTF_8);
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
