package io.monarch.config;

import io.monarch.api.Compression;
import io.monarch.api.RetentionPolicy;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code backups}: the local folder (always), S3 (optional), the compression for local backups, what
 * {@code prune} keeps ({@code retention}; {@link RetentionPolicy#NONE} when not written), client-side
 * encryption (optional), a key that authenticates manifests without encrypting ({@code signing}, optional), and
 * whether restore and verify refuse a backup whose manifest is not authenticated ({@code require_authenticated}).
 */
public record BackupSettings(Path localPath, Compression localCompression, Optional<S3Settings> s3, RetentionPolicy retention,
                             Optional<EncryptionSettings> encryption, Optional<SigningSettings> signing,
                             boolean requireAuthenticated) {
}
