package io.monarch.api;

import java.util.Locale;

/** Where a backup is written: the local folder of {@code backups.local}, or the bucket of {@code backups.s3}. */
public enum Store {
    LOCAL, S3;

    /** "local" or "s3", as users name it on the command line and list_backups shows it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
