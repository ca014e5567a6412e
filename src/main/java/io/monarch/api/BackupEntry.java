package io.monarch.api;

/** A finished backup as list_backups shows it: its manifest, the store it is in and the archive's size there. */
public record BackupEntry(BackupManifest manifest, String store, long size) {
}
