package io.monarch.dump;

import io.monarch.api.BackupManifest;
import io.monarch.api.MonarchException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns what a user names after {@code restore} into something to read: a backup name from the stores, or a
 * path to a mongodump archive (plain, gzip or zstd), a mongodump folder or a Python monarch {@code .dmp.zip}.
 */
public final class DumpSources {
    private DumpSources() {
    }

    public static DumpSource open(String reference, BackupCatalog catalog) {
        Path path = Path.of(reference);
        if (Files.exists(path)) {
            return openPath(path);
        }
        BackupCatalog.Located located = catalog.find(reference).orElseThrow(() -> MonarchException.usage(
                "no backup named '" + reference + "' and no such file; 'monarch list_backups' lists the backups"));
        try {
            return new ArchiveDumpSource(located.store().describe(located.manifest().archiveFile()), located.openArchive(),
                    located.manifest());
        } catch (IOException e) {
            throw MonarchException.failed("cannot read " + located.store().describe(located.manifest().archiveFile()) + ": " + e.getMessage(), e);
        }
    }

    private static DumpSource openPath(Path path) {
        if (Files.isDirectory(path)) {
            return new DirectoryDumpSource(path, path.toString(), null);
        }
        if (path.getFileName().toString().endsWith(".zip")) {
            return ZipExtraction.open(path);
        }
        try {
            InputStream in = Files.newInputStream(path);
            return new ArchiveDumpSource(path.toString(), in, manifestBeside(path));
        } catch (IOException e) {
            throw MonarchException.failed("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Our own archive named by path still gets its manifest's checks. */
    private static BackupManifest manifestBeside(Path archive) {
        String name = BackupName.stripExtension(archive.getFileName().toString());
        Path manifest = archive.resolveSibling(name + BackupName.MANIFEST_EXTENSION);
        if (!Files.isRegularFile(manifest)) {
            return null;
        }
        try {
            BackupManifest parsed = ManifestJson.read(Files.readString(manifest, StandardCharsets.UTF_8));
            return parsed.archiveFile().equals(archive.getFileName().toString()) ? parsed : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
