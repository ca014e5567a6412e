package io.monarch.api;

import io.monarch.api.BackupEntry;

import java.util.List;

/**
 * What list_backups shows: the finished backups, newest last, and what backups that did not finish left in
 * the stores (a killed process's partial file, an S3 upload never completed), described for a person.
 */
public record BackupListing(List<BackupEntry> backups, List<String> unfinished) {
}
