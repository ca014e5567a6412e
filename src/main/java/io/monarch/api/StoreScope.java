package io.monarch.api;

import java.util.List;

/** Which stores to look in for backups: one, or all the settings name (local, and S3 when configured). */
public enum StoreScope {
    LOCAL, S3, ALL;

    /** The stores of this scope; for ALL, S3 only when {@code s3Configured}. */
    public List<Store> stores(boolean s3Configured) {
        return switch (this) {
            case LOCAL -> List.of(Store.LOCAL);
            case S3 -> List.of(Store.S3);
            case ALL -> s3Configured ? List.of(Store.LOCAL, Store.S3) : List.of(Store.LOCAL);
        };
    }
}
