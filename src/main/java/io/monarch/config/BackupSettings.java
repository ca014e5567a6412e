package io.monarch.config;

import io.monarch.api.Compression;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code backups}: the local folder (always), S3 (optional), the compression for local backups, and client-side
 * encryption (optional).
 */
public record BackupSettings(Path localPath, Compression localCompression, Optional<S3Settings> s3,
                             Optional<EncryptionSettings> encryption) {
}
