package io.monarch.config;

import io.monarch.api.Compression;

import java.nio.file.Path;
import java.util.Optional;

/** {@code backups}: the local folder (always), S3 (optional), and the compression for local backups. */
public record BackupSettings(Path localPath, Compression localCompression, Optional<S3Settings> s3) {
}
