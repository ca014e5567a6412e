package io.monarch.dump;

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

    public List<BackupEntry> list() {
        List<BackupEntry> entries = new ArrayList<>();
        for (BackupStore store : stores) {
            Map<String, StoredFile> files = store.list().stream().collect(Collectors.toMap(StoredFile::name, Function.identity(), (a, b) -> a));
            for (StoredFile file : files.values()) {
                if (!file.name().endsWith(BackupName.MANIFEST_EXTENSION) || BackupName.parse(file.name()).isEmpty()) {
                    continue;
                }
                BackupManifest manifest = read(store, file.name());
                StoredFile archive = manifest == null ? null : files.get(manifest.archiveFile());
                if (archive != null) {
                    entries.add(new BackupEntry(manifest, store.label(), archive.size()));
                }
            }
        }
        entries.sort(Comparator.comparing((BackupEntry e) -> e.manifest().createdAt()).thenComparing(e -> e.manifest().name()));
        return entries;
    }

    /** A backup by name (with or without extension), from the first store that has it. */
    public Optional<Located> find(String nameOrFile) {
        String name = BackupName.stripExtension(nameOrFile);
        for (BackupStore store : stores) {
            String manifestFile = name + BackupName.MANIFEST_EXTENSION;
            if (store.exists(manifestFile)) {
                BackupManifest manifest = read(store, manifestFile);
                if (manifest == null) {
                    throw MonarchException.failed("the manifest " + store.describe(manifestFile) + " is damaged; this backup cannot be trusted", null);
                }
                return Optional.of(new Located(manifest, store));
            }
            for (String file : List.of(name + ".archive.gz", name + ".archive.zst", name + ".archive")) {
                if (store.exists(file)) {
                    throw MonarchException.usage("backup " + name + " in " + store.label() + " has no manifest: it did not finish "
                            + "(killed or failed part way), so it is not restored. Take a new backup");
                }
            }
        }
        return Optional.empty();
    }

    /** A backup found in a store. */
    public record Located(BackupManifest manifest, BackupStore store) {
        public InputStream openArchive() {
            return store.open(manifest.archiveFile());
        }
    }

    private static BackupManifest read(BackupStore store, String manifestFile) {
        try (InputStream in = store.open(manifestFile)) {
            return ManifestJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
