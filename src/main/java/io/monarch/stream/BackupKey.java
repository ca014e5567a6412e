package io.monarch.stream;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;
import io.monarch.digest.Hashing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A configured 256-bit backup key as Tink's streaming AEAD primitive, and its id. The raw key is the input keying
 * material of an AES256_GCM_HKDF_1MB key (Tink's parameters of that name: HKDF-SHA256 derives a fresh AES-256-GCM
 * key for each archive from the key and a random salt in the archive's header; 1 MiB segments, each
 * authenticated and numbered, the last one marked), so one key safely encrypts any number of backups.
 */
public final class BackupKey {
    /** Tink's AES256_GCM_HKDF_1MB template, written out so that it never changes under us. */
    static final AesGcmHkdfStreamingParameters PARAMETERS = parameters();
    static final int SEGMENT_BYTES = 1 << 20;
    private static final int ID_BYTES = 8;
    /** Keeps the id a hash of its own, not the bare SHA-256 of the key that something else might also publish. */
    private static final byte[] ID_CONTEXT = "monarch backup key id\0".getBytes(StandardCharsets.US_ASCII);

    private final String where;
    private final String id;
    private final StreamingAead aead;

    private BackupKey(String where, String id, StreamingAead aead) {
        this.where = where;
        this.id = id;
        this.aead = aead;
    }

    /** @param where the setting it comes from, for messages */
    public static BackupKey of(byte[] key, String where) {
        try {
            StreamingAead aead = AesGcmHkdfStreaming.create(AesGcmHkdfStreamingKey.create(PARAMETERS,
                    SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get())));
            return new BackupKey(where, id(key), aead);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a 256-bit key was refused by Tink: " + e.getMessage(), e);
        }
    }

    /**
     * The first 8 bytes of SHA-256("monarch backup key id\0" + key), in hex: names the key, tells nothing of it.
     * A key that authenticates manifests has the same id, whatever else it does.
     */
    public static String id(byte[] key) {
        MessageDigest digest = Hashing.digest();
        digest.update(ID_CONTEXT);
        digest.update(key);
        return HexFormat.of().formatHex(Arrays.copyOf(digest.digest(), ID_BYTES));
    }

    public String id() {
        return id;
    }

    public String where() {
        return where;
    }

    StreamingAead aead() {
        return aead;
    }

    private static AesGcmHkdfStreamingParameters parameters() {
        try {
            return AesGcmHkdfStreamingParameters.builder().setKeySizeBytes(32).setDerivedAesGcmKeySizeBytes(32)
                    .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
                    .setCiphertextSegmentSizeBytes(SEGMENT_BYTES).build();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public String toString() {
        return where + " (key id " + id + ")";
    }
}
