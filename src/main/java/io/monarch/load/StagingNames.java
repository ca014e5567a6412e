package io.monarch.load;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of staging collections, {@code monarch_staging_<run>_<collection>}: recognisable, unique per run, and
 * telling which run made them, so that what a killed run left can be found and dropped.
 */
public final class StagingNames {
    private static final String PREFIX = "monarch_staging_";
    private static final Pattern NAME = Pattern.compile("monarch_staging_([0-9a-f]+)_.*");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String run;

    public StagingNames() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        this.run = HexFormat.of().formatHex(bytes);
    }

    /** The names of a run resumed: its staging collections are the ones it made. */
    StagingNames(String run) {
        this.run = run;
    }

    /** The run's id, as its staging names carry it. */
    public String run() {
        return run;
    }

    public String of(String collection) {
        return PREFIX + run + "_" + collection;
    }

    public static boolean isStaging(String collection) {
        return collection.startsWith(PREFIX);
    }

    /** The run that made a staging collection, if the name is one. */
    static Optional<String> runOf(String collection) {
        Matcher m = NAME.matcher(collection);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
