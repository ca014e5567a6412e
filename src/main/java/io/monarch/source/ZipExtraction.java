package io.monarch.source;

import io.monarch.api.MonarchException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a Python monarch {@code .dmp.zip} (a zipped mongodump folder) into a temporary folder, refusing any
 * entry whose path would land outside it.
 */
public final class ZipExtraction {
    private ZipExtraction() {
    }

    public static DumpSource open(Path zip) {
        Path target;
        try {
            target = Files.createTempDirectory("monarch-dmp-");
        } catch (IOException e) {
            throw MonarchException.failed("cannot create a temporary folder to unpack " + zip + ": " + e.getMessage(), e);
        }
        try (InputStream raw = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(raw)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw MonarchException.usage(zip + " has an entry '" + entry.getName()
                            + "' that would be written outside the folder it is unpacked into; refusing to unpack it");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out);
                }
            }
        } catch (IOException e) {
            delete(target);
            throw MonarchException.failed("cannot unpack " + zip + ": " + e.getMessage() + " (is it a whole zip file?)", e);
        } catch (RuntimeException e) {
            delete(target);
            throw e;
        }
        return new DirectoryDumpSource(target, zip.toString(), () -> delete(target));
    }

    static void delete(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is cleaned by the OS
        }
    }
}
