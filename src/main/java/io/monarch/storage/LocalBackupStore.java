package io.monarch.storage;

import io.monarch.api.MonarchException;
import io.monarch.api.Store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Backups in a local folder. A file is written as {@code <name>.<pid>.partial} beside its final place,
 * synced, and renamed into place when committed, so a crash or kill never leaves a half file under a
 * backup's name.
 */
public final class LocalBackupStore implements BackupStore {
    static final String PARTIAL_SUFFIX = ".partial";

    private final Path folder;

    public LocalBackupStore(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    @Override
    public Store kind() {
        return Store.LOCAL;
    }

    @Override
    public String describe(String fileName) {
        return folder.resolve(fileName).toString();
    }

    @Override
    public BackupUpload create(String fileName) {
        Path target = resolve(fileName);
        Path partial = folder.resolve(fileName + "." + ProcessHandle.current().pid() + PARTIAL_SUFFIX);
        try {
            Files.createDirectories(folder);
            return new LocalUpload(target, partial, DiskFullAdvice.explaining(Files.newOutputStream(partial,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), folder));
        } catch (IOException e) {
            throw MonarchException.failed("cannot write " + partial + " (" + e.getMessage() + "): check that the folder "
                    + "backups.local.path names is writable", e);
        }
    }

    @Override
    public InputStream open(String fileName) {
        Path file = resolve(fileName);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw MonarchException.usage("there is no " + file + ": run list_backups to see the backups there are");
        } catch (IOException e) {
            throw MonarchException.failed("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String fileName) {
        return Files.isRegularFile(resolve(fileName));
    }

    @Override
    public List<StoredFile> list() {
        List<StoredFile> files = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                if (attributes.isRegularFile() && !name.endsWith(PARTIAL_SUFFIX)) {
                    files.add(new StoredFile(name, attributes.size(), attributes.lastModifiedTime().toInstant()));
                }
            }
        } catch (IOException e) {
            throw MonarchException.failed("cannot list " + folder + ": " + e.getMessage(), e);
        }
        return files;
    }

    @Override
    public List<UnfinishedFile> unfinished() {
        List<UnfinishedFile> partials = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return partials;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*" + PARTIAL_SUFFIX)) {
            for (Path entry : entries) {
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                partials.add(new UnfinishedFile(entry.getFileName().toString(), null, attributes.size(),
                        attributes.lastModifiedTime().toInstant(), entry + " (" + attributes.size() + " bytes)"));
            }
        } catch (IOException e) {
            throw MonarchException.failed("cannot list " + folder + ": " + e.getMessage(), e);
        }
        return partials;
    }

    @Override
    public void discard(UnfinishedFile leftover) {
        if (!leftover.name().endsWith(PARTIAL_SUFFIX)) {
            throw new IllegalArgumentException(leftover.name() + " is not a partial file");
        }
        delete(leftover.name());
    }

    @Override
    public void delete(String fileName) {
        try {
            Files.deleteIfExists(resolve(fileName));
        } catch (IOException e) {
            throw MonarchException.failed("cannot delete " + resolve(fileName) + ": " + e.getMessage(), e);
        }
    }

    private Path resolve(String fileName) {
        Path file = folder.resolve(fileName).normalize();
        if (!file.getParent().equals(folder)) {
            throw MonarchException.usage("'" + fileName + "' is not a backup file name (it names another folder)");
        }
        return file;
    }

    private static final class LocalUpload implements BackupUpload {
        private final Path target;
        private final Path partial;
        private final OutputStream stream;
        private boolean committed;

        LocalUpload(Path target, Path partial, OutputStream stream) {
            this.target = target;
            this.partial = partial;
            this.stream = new BufferedOutputStream(stream, 1 << 16);
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        @Override
        public long commit() {
            try {
                stream.close();
                try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                    channel.force(true); // on disk before it carries the backup's name
                }
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                }
                syncFolder(target.getParent());
                committed = true;
                return Files.size(target);
            } catch (IOException e) {
                abort();
                IOException explained = DiskFullAdvice.explain(e, target.getParent());
                throw MonarchException.failed("cannot finish " + target + " (" + explained.getMessage() + "); nothing was kept", e);
            }
        }

        /**
         * The rename is durable only once the folder itself is synced: without it a power loss could keep a
         * later file (the manifest) and lose this one's name. Linux allows it; where a folder cannot be opened
         * (Windows), the rename is as durable as that file system makes it.
         */
        private static void syncFolder(Path folder) {
            try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException | UnsupportedOperationException ignored) {
                // not supported here: nothing more to do
            }
        }

        @Override
        public void abort() {
            if (committed) {
                return;
            }
            try {
                stream.close();
            } catch (IOException ignored) {
                // the file is deleted next; a failed close changes nothing
            }
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // nothing lists a .partial file; it only takes space
            }
        }

        @Override
        public void close() {
            abort();
        }
    }
}
