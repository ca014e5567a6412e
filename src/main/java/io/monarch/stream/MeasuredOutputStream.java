package io.monarch.stream;

import io.monarch.digest.Hashing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Counts and SHA-256s the bytes that reach the store: the archive's size and hash in the manifest. */
public final class MeasuredOutputStream extends FilterOutputStream {
    private final MessageDigest digest = Hashing.digest();
    private long count;

    public MeasuredOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digest.update(b, off, len);
        count += len;
    }

    /** Flushes only: the store's stream is finished by commit() or abort(), not by the compressor's close. */
    @Override
    public void close() throws IOException {
        out.flush();
    }

    long count() {
        return count;
    }

    public String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
