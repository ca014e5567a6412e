package io.monarch.stream;

import io.monarch.archive.ArchiveFormatException;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;

/**
 * Wraps archive streams in client-side encryption: Tink's streaming AEAD ({@link BackupKey}), the archive cut into
 * 1 MiB segments each authenticated on its own, so memory stays at a segment or two whatever the size, and a
 * flipped byte, a truncation or segments put in another order are refused. A backup is compressed, then
 * encrypted; read back, decrypted, then decompressed. The associated data is the backup's name: an archive
 * renamed, or put in place of another backup, does not decrypt.
 */
public final class EncryptionStreams {
    /** What the manifest calls the scheme: Tink's name for the parameters {@link BackupKey} uses. */
    public static final String SCHEME = "AES256_GCM_HKDF_1MB";
    /** Added after the compression's extension: {@code .archive.gz.enc}. */
    public static final String EXTENSION = ".enc";
    /** The header and first segment, and the byte after that tells Tink whether the first segment is the last. */
    private static final int FIRST_SEGMENT_READ = BackupKey.SEGMENT_BYTES + 1;

    private EncryptionStreams() {
    }

    /** Encrypts what is written to the returned stream into {@code out}; closing it writes the last segment. */
    public static OutputStream encrypt(OutputStream out, BackupKey key, String backupName) throws IOException {
        try {
            return key.aead().newEncryptingStream(out, associatedData(backupName));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot start encrypting with " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * The plaintext of {@code in}, an archive {@link #encrypt} wrote for {@code backupName}, with the first of
     * {@code keys} that decrypts its first segment; empty if none does (a wrong key, another name, or damage in
     * the first segment). The first segment is read once from {@code in} and kept to try each key, so this costs a
     * segment of memory and tells a wrong key before anything is done with the data. Damage further on fails
     * the read where it is.
     */
    public static Optional<InputStream> decrypt(InputStream in, List<BackupKey> keys, String backupName) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, FIRST_SEGMENT_READ);
        buffered.mark(FIRST_SEGMENT_READ);
        // a failure to read the store shows here, as itself, not as a key that does not fit
        long read = 0;
        byte[] scratch = new byte[1 << 16];
        while (read < FIRST_SEGMENT_READ) {
            int n = buffered.read(scratch, 0, (int) Math.min(scratch.length, FIRST_SEGMENT_READ - read));
            if (n < 0) {
                break;
            }
            read += n;
        }
        byte[] associatedData = associatedData(backupName);
        for (BackupKey key : keys) {
            buffered.reset();
            if (decryptsFirstSegment(key, new Unclosed(buffered), associatedData)) {
                buffered.reset();
                Counted stored = new Counted(buffered);
                try {
                    return Optional.of(new Authenticated(key.aead().newDecryptingStream(stored, associatedData), stored));
                } catch (GeneralSecurityException e) {
                    throw new IOException("cannot start decrypting with " + key + ": " + e.getMessage(), e);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean decryptsFirstSegment(BackupKey key, InputStream in, byte[] associatedData) {
        try {
            key.aead().newDecryptingStream(in, associatedData).read(); // reads the header and the whole first segment
            return true;
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] associatedData(String backupName) {
        return backupName.getBytes(StandardCharsets.UTF_8);
    }

    /** Counts the bytes stored that the decryption took, and remembers a failure to read them. */
    private static final class Counted extends FilterInputStream {
        long count;
        IOException failure;

        Counted(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                count += Math.max(n, 0);
                return n;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    /**
     * Tells a segment that does not authenticate (damaged, cut short, moved) as an archive format error in one line,
     * rather than Tink's dump of its state; a failure to read the store stays what it is.
     */
    private static final class Authenticated extends FilterInputStream {
        private final Counted stored;

        Authenticated(InputStream decrypting, Counted stored) {
            super(decrypting);
            this.stored = stored;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                if (stored.failure != null) {
                    throw stored.failure;
                }
                String tink = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                throw new ArchiveFormatException("the encrypted archive does not authenticate in the segment that ends near byte "
                        + stored.count + " of the file (" + tink + "): it is damaged, cut short, or its segments were moved");
            }
        }

        @Override
        public long skip(long n) throws IOException {
            // through read(), so that a segment skipped over is told as one read
            byte[] buffer = new byte[(int) Math.max(0, Math.min(n, 8192))];
            return Math.max(read(buffer, 0, buffer.length), 0);
        }
    }

    /** A trial decryption is dropped without closing what it reads. */
    private static final class Unclosed extends FilterInputStream {
        Unclosed(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the stream goes on being read by the next try, or the real decryption
        }
    }
}
