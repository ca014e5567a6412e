package io.monarch.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a restore or copy did: the collections now in the target, the documents loaded, what it could not keep
 * (warnings), and where the target now stands (notes: its migrations, as the data brought them).
 */
public record LoadResult(String source, String environment, List<String> collections, long documents,
                         Duration took, List<String> warnings, List<String> notes) {

    public LoadResult withNotes(List<String> more) {
        List<String> all = new ArrayList<>(notes);
        all.addAll(more);
        return new LoadResult(source, environment, collections, documents, took, warnings, List.copyOf(all));
    }
}
