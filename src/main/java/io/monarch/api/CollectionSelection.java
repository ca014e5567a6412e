package io.monarch.api;

import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;

/**
 * What a QuerySet takes of one collection: a filter, and optionally only some fields, all but some fields,
 * and at most some documents. Returned by {@link QuerySetContext#dumpCollection} to refine.
 */
public final class CollectionSelection {
    private final String collection;
    private final Bson filter;
    private final List<String> only = new ArrayList<>();
    private final List<String> exclude = new ArrayList<>();
    private int limit;

    CollectionSelection(String collection, Bson filter) {
        this.collection = collection;
        this.filter = filter;
    }

    /** Takes only these fields (and _id). */
    public CollectionSelection only(String... fields) {
        if (!exclude.isEmpty()) {
            throw new IllegalArgumentException(collection + ": use only(...) or exclude(...), not both");
        }
        only.addAll(List.of(fields));
        return this;
    }

    /** Takes every field but these. */
    public CollectionSelection exclude(String... fields) {
        if (!only.isEmpty()) {
            throw new IllegalArgumentException(collection + ": use only(...) or exclude(...), not both");
        }
        exclude.addAll(List.of(fields));
        return this;
    }

    /** Takes at most this many documents. */
    public CollectionSelection limit(int max) {
        if (max <= 0) {
            throw new IllegalArgumentException(collection + ": limit must be above 0");
        }
        this.limit = max;
        return this;
    }

    public String collection() {
        return collection;
    }

    public Bson filter() {
        return filter;
    }

    public List<String> onlyFields() {
        return List.copyOf(only);
    }

    public List<String> excludedFields() {
        return List.copyOf(exclude);
    }

    public int limit() {
        return limit;
    }
}
