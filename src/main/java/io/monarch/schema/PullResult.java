package io.monarch.schema;

import java.nio.file.Path;
import java.util.List;

/** The schema files a pull wrote, and what it could not write into them (said once each). */
public record PullResult(List<Path> files, List<String> notes) {
    public PullResult {
        files = List.copyOf(files);
        notes = List.copyOf(notes);
    }
}
