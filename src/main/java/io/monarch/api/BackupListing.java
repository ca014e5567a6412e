package io.monarch.api;

import java.util.List;

/**
 * What list_backups shows: the finished backups, newest last; what backups that did not finish left in the stores
 * (a killed process's partial file, an S3 upload never completed); and manifests that cannot be read (their
 * backups are neither listed nor restored), each described for a person.
 */
public record BackupListing(List<BackupEntry> backups, List<String> unfinished, List<String> damaged) {
}
