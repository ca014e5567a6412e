package io.monarch.config;

import io.monarch.api.Compression;

import java.util.Optional;

/**
 * {@code backups.s3}: where S3 backups go. {@code endpoint} (S3-compatible stores) implies path-style access.
 * {@code sse} ({@code aws:kms} or {@code AES256}) asks S3 to encrypt every object it stores, with the KMS key
 * {@code kmsKeyId} (none: the account's default {@code aws/s3} key).
 */
public record S3Settings(String bucket, String prefix, String region, Optional<String> endpoint, Compression compression,
                         Optional<String> sse, Optional<String> kmsKeyId) {
    public static final String SSE_KMS = "aws:kms";
    public static final String SSE_S3 = "AES256";
}
