package io.monarch.schema;

import io.monarch.api.ExitCode;
import io.monarch.api.MonarchException;

import java.nio.file.Path;

/** A problem in a schema file: names the file and line, and what to write instead. Exit code 2. */
public final class SchemaFileException extends MonarchException {
    public SchemaFileException(Path file, int line, String message) {
        super(ExitCode.USAGE, file + (line > 0 ? ":" + line : "") + ": " + message);
    }
}
