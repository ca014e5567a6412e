package io.monarch.source;

import java.io.IOException;

/** A time-series bucket that can't be unpacked into its measurements: malformed, or of a format not known here. */
public final class UnsupportedBucketException extends IOException {
    public UnsupportedBucketException(String message) {
        super(message);
    }
}
