package io.monarch.config;

import io.monarch.api.Compression;
import io.monarch.api.RetentionPolicy;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code backups}: the local folder (always), S3 (optional), the compression for local backups, what
 * {@code prune} keeps ({@code retention}; {@link RetentionPolicy#NONE} when not written), and client-side
 * encryption (optional).
 */
public record BackupSettings(Path localPath, Compression localCompression, Optional<S3Settings> s3, RetentionPolicy retention,
                             Optional<EncryptionSettings> encryption) {
}
