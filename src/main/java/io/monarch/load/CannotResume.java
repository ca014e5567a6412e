package io.monarch.load;

import io.monarch.api.ExitCode;
import io.monarch.api.MonarchException;

/**
 * {@code --resume} refused: nothing stopped to resume, or the source is not what the stopped run read, or what it
 * loaded is gone. Nothing is changed, and what the stopped run loaded stays for the user to decide: a run without
 * {@code --resume} starts over (exit 1).
 */
public final class CannotResume extends MonarchException {
    CannotResume(String why) {
        super(ExitCode.FAILED, why + "; run it again without --resume to start over. Nothing was changed");
    }
}
