package io.monarch.api;

/**
 * How a backup's archive is encrypted, as its manifest says: the scheme, and the id of the key it was written
 * with (a fingerprint that names the key among those configured; never the key).
 */
public record BackupEncryption(String scheme, String keyId) {
}
