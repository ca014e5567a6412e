package io.monarch.api;

import java.time.Instant;

/**
 * Something a backup that did not finish left in a store, as {@code prune} found it: a partial file, an S3 multipart
 * upload never completed, or an archive whose manifest was never written.
 *
 * @param removed whether prune removes it (would, on a dry run): last written over a day ago. A younger one may be a
 *                backup still running, and is left alone
 */
public record UnfinishedBackup(String store, String description, long bytes, Instant lastWritten, boolean removed) {
}
