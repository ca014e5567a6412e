package io.monarch.storage;

import java.time.Instant;

/**
 * What a backup that did not finish left in a store: a killed process's {@code <file>.<pid>.partial} in the local
 * folder, or an S3 multipart upload never completed nor aborted. Never listed nor restored.
 *
 * @param name        the file it was to become, or the partial file's own name (locally), within the store
 * @param uploadId    the S3 multipart upload; null locally
 * @param bytes       what it holds so far
 * @param lastWritten when it was last written to: a running backup's is recent
 * @param description where it is, for a person
 */
public record UnfinishedFile(String name, String uploadId, long bytes, Instant lastWritten, String description) {
}
