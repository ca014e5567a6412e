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

/**
 * Turns what a user names after {@code restore} into something to read: a backup name from the stores, or a
 * path to a mongodump archive (plain, gzip or zstd; ours perhaps encrypted), a mongodump folder, one collection's
 * {@code .bson} file or a Python monarch {@code .dmp.zip}. An encrypted archive is opened with the key its manifest names (by key id), or, with
 * no manifest, with whichever configured key decrypts it; none fits: refused before anything reads it.
 */
public final class DumpSources {
    private DumpSources() {
    }

    public static DumpSource open(String reference, BackupCatalog catalog, BackupKeys keys) {
        Path path = Path.of(reference);
        if (Files.exists(path)) {
            return openPath(path, keys);
        }
        BackupCatalog.Located located = catalog.find(reference).orElseThrow(() -> MonarchException.usage(
                "no backup named '" + reference + "' and no such file; 'monarch list_backups' lists the backups"));
        String description = located.store().describe(located.manifest().archiveFile());
        return openArchive(description, located.manifest(), located.manifest().name(),
                () -> ReadLease.hold(located.store(), located.manifest().name(), located.openArchive()), keys);
    }

    private static DumpSource openPath(Path path, BackupKeys keys) {
        if (Files.isDirectory(path)) {
            return new DirectoryDumpSource(path, path.toString(), null);
        }
        String file = path.getFileName().toString();
        if (file.endsWith(".zip")) {
            return ZipExtraction.open(path);
        }
        if (file.endsWith(".bson") || file.endsWith(".bson.gz")) {
            return DirectoryDumpSource.singleFile(path);
        }
        BackupManifest manifest = manifestBeside(path);
        return openArchive(path.toString(), manifest, BackupName.stripExtension(file), () -> {
            try {
                return Files.newInputStream(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, keys);
    }

    /**
     * @param name   the backup's name, the associated data of its encryption: the manifest's, or the file's
     * @param stored opens the bytes stored; a failure to open is reported as such
     */
    private static DumpSource openArchive(String description, BackupManifest manifest, String name, Stored stored,
                                          BackupKeys keys) {
        boolean encrypted = manifest != null ? manifest.encrypted() : description.endsWith(EncryptionStreams.EXTENSION);
        ArchiveDumpSource.Plaintext plaintext = ArchiveDumpSource.Plaintext.STORED;
        if (encrypted && manifest != null) {
            BackupKey key = keys.withId(manifest.encryption().keyId())
                    .orElseThrow(() -> new MissingKeyException(keys.missing(description, manifest.encryption()), manifest, stored));
            plaintext = in -> EncryptionStreams.decrypt(in, List.of(key), name).orElseThrow(() -> MonarchException.failed(
                    description + " does not decrypt with the key its manifest names (" + key + "): the archive is damaged, "
                            + "or it is not the backup " + name + " (the name is authenticated with the contents). Nothing was changed", null));
        } else if (encrypted) {
            if (BackupName.parse(name).isEmpty()) {
                throw MonarchException.usage(description + " is encrypted, and its file name is not a backup's name "
                        + "(<env>__<db>__<yyyyMMddTHHmmssZ>" + EncryptionStreams.EXTENSION + "...): the name is authenticated with "
                        + "the contents, so give the file back the name monarch wrote it under. Nothing was changed");
            }
            plaintext = in -> EncryptionStreams.decrypt(in, keys.all(), name)
                    .orElseThrow(() -> MonarchException.usage(keys.noneDecrypts(description)));
        }
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
    private static BackupManifest manifestBeside(Path archive) {
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
        BackupManifest parsed = ManifestJson.read(json, manifest.toString());
        if (!parsed.archiveFile().equals(file)) {
            throw MonarchException.failed("the manifest " + manifest + " describes " + parsed.archiveFile() + ", not " + file
                    + ": the archive cannot be checked, so it is not restored. Nothing was changed", null);
        }
        return parsed;
    }
}
