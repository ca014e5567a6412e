package io.monarch.api;

import java.time.Duration;
import java.util.List;

/** What a restore or copy did: the collections now in the target, the documents loaded, and what it could not keep. */
public record LoadResult(String source, String environment, List<String> collections, long documents,
                            Duration took, List<String> warnings) {
}
