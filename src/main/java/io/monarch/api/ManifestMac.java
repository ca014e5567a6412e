package io.monarch.api;

/**
 * A manifest's authentication, as the manifest says: the id of the key it was written with (the same fingerprint
 * an encryption key id is; never the key) and the HMAC-SHA256, in hex, of everything else the manifest holds.
 */
public record ManifestMac(String keyId, String hmacSha256) {
}
