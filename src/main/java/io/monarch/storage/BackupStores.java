package io.monarch.storage;

import io.monarch.api.MonarchException;
import io.monarch.api.Store;
import io.monarch.api.StoreScope;
import io.monarch.config.BackupSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The stores of a scope, opened from the settings' {@code backups} section; closing closes their clients. */
public final class BackupStores implements AutoCloseable {
    private final List<BackupStore> stores;

    private BackupStores(List<BackupStore> stores) {
        this.stores = List.copyOf(stores);
    }

    /** @param warnings where a store tells what it could not clean up (an upload it could not abort) */
    public static BackupStores open(BackupSettings settings, StoreScope scope, Consumer<String> warnings) {
        List<BackupStore> opened = new ArrayList<>();
        try {
            for (Store store : scope.stores(settings.s3().isPresent())) {
                opened.add(open(settings, store, warnings));
            }
        } catch (RuntimeException e) {
            opened.forEach(BackupStore::close);
            throw e;
        }
        return new BackupStores(opened);
    }

    public static BackupStore open(BackupSettings settings, Store store, Consumer<String> warnings) {
        return switch (store) {
            case LOCAL -> new LocalBackupStore(settings.localPath());
            case S3 -> new S3BackupStore(settings.s3().orElseThrow(() -> MonarchException.usage(
                    "there is no S3 store in the settings: add backups.s3 with at least 'bucket: <your-bucket>' "
                            + "(and region, prefix, endpoint as needed), or use --store local")), warnings);
        };
    }

    public List<BackupStore> all() {
        return stores;
    }

    @Override
    public void close() {
        stores.forEach(BackupStore::close);
    }
}
