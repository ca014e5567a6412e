package io.monarch.config;

import java.util.Optional;

/**
 * {@code secrets.aws}: where {@code ${aws-secretsmanager:...}} is read. Without a region, an ARN's own region is
 * used, else the AWS default chain's ({@code AWS_REGION}, the profile); {@code endpoint} replaces AWS's own (a test
 * server, a VPC endpoint, a Secrets Manager-compatible store).
 */
public record AwsSecretsSettings(Optional<String> region, Optional<String> endpoint) {
    public static final AwsSecretsSettings DEFAULT = new AwsSecretsSettings(Optional.empty(), Optional.empty());
}
