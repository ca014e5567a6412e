package io.monarch.storage;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Turns the operating system's "no space left" into a message that says where and what to do. The JDK
 * reports a full disk as a plain IOException whose message is the system's text, so that text is matched.
 */
final class DiskFullAdvice {
    private static final String[] FULL = {"No space left on device", "Disk quota exceeded", "not enough space on the disk"};

    private DiskFullAdvice() {
    }

    static boolean isDiskFull(IOException e) {
        String message = e.getMessage();
        if (message == null) {
            return false;
        }
        for (String full : FULL) {
            if (message.contains(full)) {
                return true;
            }
        }
        return false;
    }

    /** The same failure, explained when it is a full disk. */
    static IOException explain(IOException e, Path folder) {
        if (!isDiskFull(e)) {
            return e;
        }
        return new IOException("the disk holding " + folder + " is full (" + e.getMessage() + "): free space there, "
                + "or set backups.local.path to a folder on a disk with room, or use --store s3", e);
    }

    /** A file stream whose every failure goes through {@link #explain}. */
    static OutputStream explaining(OutputStream file, Path folder) {
        return new FilterOutputStream(file) {
            @Override
            public void write(int b) throws IOException {
                explained(() -> out.write(b), folder);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                explained(() -> out.write(b, off, len), folder);
            }

            @Override
            public void flush() throws IOException {
                explained(out::flush, folder);
            }

            @Override
            public void close() throws IOException {
                explained(out::close, folder);
            }
        };
    }

    private interface Io {
        void run() throws IOException;
    }

    private static void explained(Io io, Path folder) throws IOException {
        try {
            io.run();
        } catch (IOException e) {
            throw explain(e, folder);
        }
    }
}
