package io.monarch.api;

/** Told as documents move, per collection; the CLI draws a bar from it on a terminal. Called from many threads. */
public interface Progress {
    Progress NONE = (collection, documents, bytes) -> { };

    void moved(String collection, long documents, long bytes);

    /** How many documents a collection is expected to hold, when that is known before it moves (an estimate). */
    default void expect(String collection, long documents) {
    }

    /** Every document of the collection has moved. */
    default void finished(String collection) {
    }

    /**
     * What the run is doing once documents have moved, e.g. "building indexes on 4 collections", "swapping 4
     * collections in": work that moves no documents but may take a while.
     */
    default void phase(String what) {
    }
}
