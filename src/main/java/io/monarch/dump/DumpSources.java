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
