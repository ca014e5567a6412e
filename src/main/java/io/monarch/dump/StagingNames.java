package io.monarch.dump;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Names of staging collections: {@code monarch_staging_<run>_<collection>}, recognisable and unique per run. */
public final class StagingNames {
    private static final String PREFIX = "monarch_staging_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String run;

    public StagingNames() {
        byte[] bytes = new byte[3];
        RANDOM.nextBytes(bytes);
        this.run = HexFormat.of().formatHex(bytes);
    }

    public String of(String collection) {
        return PREFIX + run + "_" + collection;
    }

    public static boolean isStaging(String collection) {
        return collection.startsWith(PREFIX);
    }
}
