package io.monarch.backup;

import io.monarch.api.BackupEntry;
import io.monarch.api.BackupManifest;
import io.monarch.api.MonarchException;
import io.monarch.storage.BackupStore;
import io.monarch.storage.StoredFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The finished backups of some stores: those whose manifest exists beside their archive. An archive with no
 * manifest is a backup that did not finish; it is never listed nor restored.
 */
public final class BackupCatalog {
    private final List<BackupStore> stores;

    public BackupCatalog(List<BackupStore> stores) {
        this.stores = stores;
    }

    /** What list_backups shows: the finished backups, newest last, and the manifests that cannot be read. */
    public record Listing(List<BackupEntry> backups, List<String> damaged) {
    }

    public List<BackupEntry> list() {
        return listing().backups();
    }

    public Listing listing() {
        List<BackupEntry> entries = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        for (BackupStore store : stores) {
            Map<String, StoredFile> files = store.list().stream().collect(Collectors.toMap(StoredFile::name, Function.identity(), (a, b) -> a));
            for (StoredFile file : files.values()) {
                if (!file.name().endsWith(BackupName.MANIFEST_EXTENSION) || BackupName.parse(file.name()).isEmpty()) {
                    continue;
                }
                BackupManifest manifest;
                try {
                    manifest = read(store, file.name()).manifest();
                } catch (MonarchException e) {
                    damaged.add(e.getMessage());
                    continue;
                }
                StoredFile archive = files.get(manifest.archiveFile());
                if (archive != null) {
                    entries.add(new BackupEntry(manifest, store.label(), archive.size()));
                } else {
                    damaged.add(store.describe(file.name()) + " names the archive " + manifest.archiveFile() + ", which is not there");
                }
            }
        }
        entries.sort(Comparator.comparing((BackupEntry e) -> e.manifest().createdAt()).thenComparing(e -> e.manifest().name()));
        damaged.sort(null);
        return new Listing(entries, damaged);
    }

    /** A backup by name (with or without extension), from the first store that has it. */
    public Optional<Located> find(String nameOrFile) {
        String name = BackupName.stripExtension(nameOrFile);
        for (BackupStore store : stores) {
            String manifestFile = name + BackupName.MANIFEST_EXTENSION;
            if (store.exists(manifestFile)) {
                return Optional.of(new Located(read(store, manifestFile), store));
            }
            for (String extension : BackupName.archiveExtensions()) {
                if (store.exists(name + extension)) {
                    throw MonarchException.usage("backup " + name + " in " + store.label() + " has no manifest: it did not finish "
                            + "(killed or failed part way), so it is not restored. Take a new backup");
                }
            }
        }
        return Optional.empty();
    }

    /** A backup found in a store, with its manifest as read. */
    public record Located(ManifestFile file, BackupStore store) {
        public BackupManifest manifest() {
            return file.manifest();
        }

        public InputStream openArchive() {
            return store.open(manifest().archiveFile());
        }
    }

    /**
     * The manifest; a damaged one is refused (exit 1): its backup cannot be checked, so it is not trusted. So is one
     * that names another backup than its file does: its MAC covers the name inside, so an authentic manifest
     * copied over another backup's is told by this.
     */
    private static ManifestFile read(BackupStore store, String manifestFile) {
        String where = store.describe(manifestFile);
        ManifestFile file;
        try (InputStream in = store.open(manifestFile)) {
            file = ManifestFile.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), where);
        } catch (IOException e) {
            throw MonarchException.failed("cannot read the manifest " + where + ": " + e.getMessage(), e);
        }
        if (!(file.manifest().name() + BackupName.MANIFEST_EXTENSION).equals(manifestFile)) {
            throw MonarchException.failed("the manifest " + where + " describes the backup " + file.manifest().name()
                    + ", not " + BackupName.stripExtension(manifestFile) + ": it was copied or renamed, so its backup is not "
                    + "trusted. Nothing was changed", null);
        }
        return file;
    }
}
