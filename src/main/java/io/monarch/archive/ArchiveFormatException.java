package io.monarch.archive;

import java.io.IOException;

/** The bytes are not a whole, intact mongodump archive: wrong magic, broken framing, a CRC that differs, cut short. */
public final class ArchiveFormatException extends IOException {
    public ArchiveFormatException(String message) {
        super(message);
    }
}
