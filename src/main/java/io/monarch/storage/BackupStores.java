package io.monarch.storage;

import io.monarch.api.MonarchException;
import io.monarch.config.BackupSettings;

/** Opens the store a user names ("local" or "s3") from the settings' {@code backups} section. */
public final class BackupStores {
    private BackupStores() {
    }

    public static BackupStore open(BackupSettings settings, String name) {
        return switch (name == null ? "local" : name) {
            case "local" -> new LocalBackupStore(settings.localPath());
            case "s3" -> new S3BackupStore(settings.s3().orElseThrow(() -> MonarchException.usage(
                    "there is no S3 store in the settings: add backups.s3 with at least 'bucket: <your-bucket>' "
                            + "(and region, prefix, endpoint as needed), or use --store local")));
            default -> throw MonarchException.usage("unknown store '" + name + "': use --store local or --store s3");
        };
    }
}
