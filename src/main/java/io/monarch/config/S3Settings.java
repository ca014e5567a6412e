package io.monarch.config;

import io.monarch.api.Compression;

import java.util.Optional;

/** {@code backups.s3}: where S3 backups go. {@code endpoint} (S3-compatible stores) implies path-style access. */
public record S3Settings(String bucket, String prefix, String region, Optional<String> endpoint, Compression compression) {
}
