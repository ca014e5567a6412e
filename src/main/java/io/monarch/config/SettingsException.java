package io.monarch.config;

import io.monarch.api.ExitCode;
import io.monarch.api.MonarchException;

import java.nio.file.Path;

/** A problem in settings.yml: names the file and line, and what to write instead. Exit code 2. */
public final class SettingsException extends MonarchException {
    public SettingsException(Path file, int line, String message) {
        super(ExitCode.USAGE, file + (line > 0 ? ":" + line : "") + ": " + message);
    }

    public SettingsException(String message) {
        super(ExitCode.USAGE, message);
    }
}
