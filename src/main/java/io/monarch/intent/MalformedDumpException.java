package io.monarch.intent;

import java.io.IOException;

/** A dump's metadata (a metadata file, an archive's header or prelude) is not what mongodump writes. */
public final class MalformedDumpException extends IOException {
    public MalformedDumpException(String message) {
        super(message);
    }
}
