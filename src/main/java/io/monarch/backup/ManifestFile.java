package io.monarch.backup;

import io.monarch.api.BackupManifest;

/**
 * A manifest as read from its file: what it says, the text it was read from (its MAC is checked on that text,
 * never on a second read that could differ) and where it is, for messages.
 */
record ManifestFile(BackupManifest manifest, String json, String where) {

    /** The manifest in {@code json}; a damaged one is refused (exit 1). */
    static ManifestFile read(String json, String where) {
        return new ManifestFile(ManifestJson.read(json, where), json, where);
    }
}
