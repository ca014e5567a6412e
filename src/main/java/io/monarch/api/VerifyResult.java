package io.monarch.api;

/**
 * What {@code monarch verify} found reading a backup end to end.
 *
 * @param againstManifest whether its manifest was there to check against (size, SHA-256, each collection's count
 *                        and CRC-64); a plain mongodump archive or folder has only its own CRCs and framing
 * @param authenticatedBy the id of the key its manifest's MAC was checked with; null when it has none
 * @param problem         what is wrong, when it is not ok
 */
public record VerifyResult(String backup, boolean ok, boolean againstManifest, int collections, long documents, long bytes,
                           String authenticatedBy, String problem) {
}
