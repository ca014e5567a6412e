package io.monarch.backup;

import io.monarch.source.ArchiveDumpSource;
import io.monarch.source.DirectoryDumpSource;
import io.monarch.source.DumpSource;
import io.monarch.source.ZipExtraction;
import io.monarch.stream.BackupKey;
import io.monarch.stream.EncryptionStreams;
import io.monarch.stream.MeasuredInputStream;
import io.monarch.api.BackupManifest;
import io.monarch.api.ExitCode;
import io.monarch.api.MonarchException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns what a user names after {@code restore} into something to read: a backup name from the stores, or a
 * path to a mongodump archive (plain, gzip or zstd; ours perhaps encrypted), a mongodump folder, one collection's
 * {@code .bson} file or a Python monarch {@code .dmp.zip}. A manifest with a MAC is checked before the archive is
 * read: a wrong MAC is refused (exit 1), a MAC whose key is not configured too (exit 2); one without a MAC is said
 * when a key is configured, and refused under {@code backups.require_authenticated}. An encrypted archive is opened
 * with the key its manifest names (by key id), or, with no manifest, with whichever configured key decrypts it;
 * none fits: refused before anything reads it.
 */
public final class DumpSources {
    private DumpSources() {
    }

    /** What was opened, and the id of the key its manifest was authenticated with (null: it was not). */
    public record Opened(DumpSource source, String authenticatedBy) {
    }

    /** @param warnings where a manifest that is not authenticated is said */
    public static DumpSource open(String reference, BackupCatalog catalog, BackupKeys keys, Consumer<String> warnings) {
        return openChecked(reference, catalog, keys, warnings).source();
    }

    /** As {@link #open}, saying whether the manifest was authenticated. */
    public static Opened openChecked(String reference, BackupCatalog catalog, BackupKeys keys, Consumer<String> warnings) {
        Path path = Path.of(reference);
        if (Files.exists(path)) {
            return openPath(path, keys, warnings);
        }
        BackupCatalog.Located located = catalog.find(reference).orElseThrow(() -> MonarchException.usage(
                "no backup named '" + reference + "' and no such file; 'monarch list_backups' lists the backups"));
        String description = located.store().describe(located.manifest().archiveFile());
        return openArchive(description, located.file(), located.manifest().name(),
                () -> ReadLease.hold(located.store(), located.manifest().name(), located.openArchive()), keys, warnings);
    }

    private static Opened openPath(Path path, BackupKeys keys, Consumer<String> warnings) {
        if (Files.isDirectory(path)) {
            return new Opened(new DirectoryDumpSource(path, path.toString(), null), null);
        }
        String file = path.getFileName().toString();
        if (file.endsWith(".zip")) {
            return new Opened(ZipExtraction.open(path), null);
        }
        if (file.endsWith(".bson") || file.endsWith(".bson.gz")) {
            return new Opened(DirectoryDumpSource.singleFile(path), null);
        }
        String name = BackupName.stripExtension(file);
        ManifestFile manifest = manifestBeside(path);
        if (manifest == null && keys.requireAuthenticated() && BackupName.parse(name).isPresent()) {
            throw MonarchException.failed(path + " is named as a monarch backup, but has no manifest beside it, so it cannot be "
                    + "authenticated, and backups.require_authenticated is true: it is not trusted. Nothing was changed", null);
        }
        return openArchive(path.toString(), manifest, name, () -> {
            try {
                return Files.newInputStream(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, keys, warnings);
    }

    /**
     * @param name   the backup's name, the associated data of its encryption: the manifest's, or the file's
     * @param stored opens the bytes stored; a failure to open is reported as such
     */
    private static Opened openArchive(String description, ManifestFile file, String name, Stored stored, BackupKeys keys,
                                      Consumer<String> warnings) {
        BackupManifest manifest = file == null ? null : file.manifest();
        Optional<ManifestKey> macKey = manifest != null && manifest.authenticated()
                ? keys.checkingWithId(manifest.mac().keyId()) : Optional.empty();
        if (macKey.isPresent()) {
            authenticate(file, macKey.get());
        } else if (manifest != null && !manifest.authenticated() && keys.requireAuthenticated()) {
            throw MonarchException.failed("the manifest " + file.where() + " has no MAC, and backups.require_authenticated is "
                    + "true: it was written without a key (or before manifests were authenticated), or someone without the key "
                    + "took its MAC off, so its backup is not trusted. Nothing was changed", null);
        }
        ArchiveDumpSource.Plaintext plaintext = plaintext(description, manifest, name, stored, keys);
        if (manifest != null && manifest.authenticated() && macKey.isEmpty()) {
            throw new UncheckedManifestException(keys.missing(name, manifest.mac()),
                    () -> new Opened(read(description, stored, manifest, plaintext), null));
        }
        if (manifest != null && !manifest.authenticated() && keys.authenticatesManifests()) {
            warnings.accept("warning: the manifest " + file.where() + " is not authenticated (it has no MAC: written without a "
                    + "key, or before manifests were authenticated); the archive is checked against it, but whoever can "
                    + "write to the store could have changed both");
        }
        return new Opened(read(description, stored, manifest, plaintext), macKey.map(ManifestKey::id).orElse(null));
    }

    /** Refuses (exit 1) a manifest whose MAC is not {@code key}'s MAC of what it says. */
    private static void authenticate(ManifestFile file, ManifestKey key) {
        if (!key.authenticates(ManifestJson.authenticatedContent(file.json()), file.manifest().mac())) {
            throw MonarchException.failed("the manifest " + file.where() + " does not authenticate with key " + key.id()
                    + ": it was changed, or written by someone without the key; nothing was changed", null);
        }
    }

    /** How the bytes stored become the archive: as they are, or decrypted with the key the manifest names. */
    private static ArchiveDumpSource.Plaintext plaintext(String description, BackupManifest manifest, String name, Stored stored,
                                                         BackupKeys keys) {
        boolean encrypted = manifest != null ? manifest.encrypted() : description.endsWith(EncryptionStreams.EXTENSION);
        if (encrypted && manifest != null) {
            BackupKey key = keys.withId(manifest.encryption().keyId())
                    .orElseThrow(() -> new MissingKeyException(keys.missing(description, manifest.encryption()), manifest, stored));
            return in -> EncryptionStreams.decrypt(in, List.of(key), name).orElseThrow(() -> MonarchException.failed(
                    description + " does not decrypt with the key its manifest names (" + key + "): the archive is damaged, "
                            + "or it is not the backup " + name + " (the name is authenticated with the contents). Nothing was changed", null));
        } else if (encrypted) {
            if (BackupName.parse(name).isEmpty()) {
                throw MonarchException.usage(description + " is encrypted, and its file name is not a backup's name "
                        + "(<env>__<db>__<yyyyMMddTHHmmssZ>" + EncryptionStreams.EXTENSION + "...): the name is authenticated with "
                        + "the contents, so give the file back the name monarch wrote it under. Nothing was changed");
            }
            return in -> EncryptionStreams.decrypt(in, keys.all(), name)
                    .orElseThrow(() -> MonarchException.usage(keys.noneDecrypts(description)));
        }
        return ArchiveDumpSource.Plaintext.STORED;
    }

    private static DumpSource read(String description, Stored stored, BackupManifest manifest, ArchiveDumpSource.Plaintext plaintext) {
        try {
            return new ArchiveDumpSource(description, stored.open(), manifest, plaintext);
        } catch (IOException | UncheckedIOException e) {
            throw MonarchException.failed("cannot read " + description + ": " + e.getMessage(), e);
        }
    }

    /** Opens the bytes stored of an archive. */
    @FunctionalInterface
    interface Stored {
        InputStream open();
    }

    /**
     * A backup whose manifest has a MAC whose key is not configured (exit 2): a restore stops; {@code verify} can
     * still read it against the manifest, saying that the manifest itself went unchecked.
     */
    public static final class UncheckedManifestException extends MonarchException {
        private final String reason;
        private final transient Supplier<Opened> openUnchecked;

        UncheckedManifestException(String reason, Supplier<Opened> openUnchecked) {
            super(ExitCode.USAGE, reason + ". Nothing was changed");
            this.reason = reason;
            this.openUnchecked = openUnchecked;
        }

        /** Which key is missing and what to do, without the restore's "nothing was changed". */
        public String reason() {
            return reason;
        }

        /** Opens the backup as if its manifest had no MAC. */
        public Opened openUnchecked() {
            return openUnchecked.get();
        }
    }

    /**
     * An encrypted backup none of whose keys is configured (exit 2): {@code verify} can still check the bytes
     * stored against its manifest's size and SHA-256.
     */
    public static final class MissingKeyException extends MonarchException {
        private final String reason;
        private final transient BackupManifest manifest;
        private final transient Stored stored;

        MissingKeyException(String reason, BackupManifest manifest, Stored stored) {
            super(ExitCode.USAGE, reason + ". Nothing was changed");
            this.reason = reason;
            this.manifest = manifest;
            this.stored = stored;
        }

        /** Which key is missing and what to do, without the restore's "nothing was changed". */
        public String reason() {
            return reason;
        }

        /** Reads the bytes stored whole: empty if their size and SHA-256 are the manifest's, else what differs. */
        public Optional<String> checkStoredBytes() throws IOException {
            try (InputStream in = stored.open()) {
                MeasuredInputStream measured = new MeasuredInputStream(in);
                measured.drain();
                if (measured.count() == manifest.archiveSize() && measured.sha256().equals(manifest.archiveSha256())) {
                    return Optional.empty();
                }
                return Optional.of(manifest.archiveFile() + " does not match its manifest (size " + measured.count() + " vs "
                        + manifest.archiveSize() + ", or SHA-256 differs): the file was changed or damaged");
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    /**
     * Our own archive named by path still gets its manifest's checks; a manifest beside it that is damaged, or
     * that describes another archive, refuses the restore: the archive cannot be checked then.
     */
    private static ManifestFile manifestBeside(Path archive) {
        String file = archive.getFileName().toString();
        String name = BackupName.stripExtension(file);
        Path manifest = archive.resolveSibling(name + BackupName.MANIFEST_EXTENSION);
        if (BackupName.parse(name).isEmpty() || !Files.isRegularFile(manifest)) {
            return null; // not named as monarch names backups, or no manifest: a plain mongodump archive
        }
        String json;
        try {
            json = Files.readString(manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw MonarchException.failed("cannot read the manifest " + manifest + ": " + e.getMessage(), e);
        }
        ManifestFile parsed = ManifestFile.read(json, manifest.toString());
        if (!parsed.manifest().archiveFile().equals(file)) {
            throw MonarchException.failed("the manifest " + manifest + " describes " + parsed.manifest().archiveFile() + ", not "
                    + file + ": the archive cannot be checked, so it is not restored. Nothing was changed", null);
        }
        return parsed;
    }
}
