package io.monarch.intent;

/**
 * Where a time-series collection's data lives: MongoDB 5.0 to 8.2 keep a time-series collection {@code X} as a view
 * over its buckets, the collection {@code system.buckets.X}, and mongodump dumps those buckets under that name.
 */
public final class TimeseriesNames {
    public static final String BUCKETS_PREFIX = "system.buckets.";

    private TimeseriesNames() {
    }

    /** The buckets collection of time-series collection {@code name}. */
    public static String bucketsOf(String name) {
        return BUCKETS_PREFIX + name;
    }
}
