package io.monarch.api;

import java.nio.file.Path;
import java.util.List;

/** What {@code monarch schema pull} wrote, and what the files could not hold. */
public record SchemaPullReport(List<Path> files, List<String> notes) {
}
