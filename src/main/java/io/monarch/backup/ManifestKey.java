package io.monarch.backup;

import io.monarch.api.ManifestMac;
import io.monarch.stream.BackupKey;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A configured key as what authenticates manifests: HMAC-SHA256 under a key derived from it by HKDF-SHA256
 * (RFC 5869, no salt, the info {@value #INFO}), so the configured key itself never serves two purposes. An
 * encryption key's other use, Tink's streaming AEAD, derives its keys by HKDF too, but with a random salt per
 * archive and the backup's name as info: the two never meet. Its id is the configured key's ({@link BackupKey#id}).
 */
public final class ManifestKey {
    static final String INFO = "monarch manifest hmac-sha256 v1";
    private static final String HMAC = "HmacSHA256";
    private static final int KEY_BYTES = 32;

    private final String where;
    private final String id;
    private final SecretKeySpec macKey;

    private ManifestKey(String where, String id, SecretKeySpec macKey) {
        this.where = where;
        this.id = id;
        this.macKey = macKey;
    }

    /** @param where the setting it comes from, for messages */
    static ManifestKey of(byte[] key, String where) {
        return new ManifestKey(where, BackupKey.id(key), new SecretKeySpec(derive(key), HMAC));
    }

    /** HKDF-SHA256 with no salt (HashLen zeros) and one block of output: T(1) = HMAC(PRK, info || 0x01). */
    static byte[] derive(byte[] key) {
        byte[] prk = hmac(new SecretKeySpec(new byte[KEY_BYTES], HMAC), key);
        byte[] info = INFO.getBytes(StandardCharsets.US_ASCII);
        byte[] block = new byte[info.length + 1];
        System.arraycopy(info, 0, block, 0, info.length);
        block[info.length] = 1;
        return hmac(new SecretKeySpec(prk, HMAC), block);
    }

    String id() {
        return id;
    }

    String where() {
        return where;
    }

    /** The MAC of a manifest's authenticated content ({@link ManifestJson#authenticatedContent}). */
    ManifestMac sign(byte[] content) {
        return new ManifestMac(id, HexFormat.of().formatHex(hmac(macKey, content)));
    }

    /** Whether {@code mac} is this key's MAC of {@code content}, compared in constant time. */
    boolean authenticates(byte[] content, ManifestMac mac) {
        byte[] expected = hmac(macKey, content);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(mac.hmacSha256());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java has HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return where + " (key id " + id + ")";
    }
}
