package io.monarch.storage;

import io.monarch.config.AwsSecretsSettings;
import io.monarch.config.SecretSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code ${aws-secretsmanager:<name or ARN>}} read with the AWS SDK (request signing, the default credential chain:
 * {@code AWS_PROFILE}, {@code AWS_ACCESS_KEY_ID}, an instance or task role). Each secret is read once per process:
 * a command that uses an environment several times, or several keys of one JSON secret, asks AWS once.
 */
public final class AwsSecretsManager implements SecretSource {
    private static final Map<Key, String> READ = new ConcurrentHashMap<>();
    private static final String CREDENTIALS = "the AWS credentials monarch finds (AWS_PROFILE, "
            + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, an instance or task role)";

    /** One secret as one place serves it. */
    private record Key(Optional<String> region, Optional<String> endpoint, String secretId) {
    }

    @Override
    public String secretString(String secretId, AwsSecretsSettings settings) {
        Optional<String> region = arnRegion(secretId).or(settings::region);
        // computeIfAbsent would hold a map lock for the whole network call; two racing readers of one secret are harmless
        Key key = new Key(region, settings.endpoint(), secretId);
        String cached = READ.get(key);
        if (cached != null) {
            return cached;
        }
        String value = read(secretId, region, settings.endpoint());
        READ.putIfAbsent(key, value);
        return value;
    }

    private static String read(String secretId, Optional<String> region, Optional<String> endpoint) {
        String named = "'" + secretId + "'" + region.map(r -> " (region " + r + ")").orElse("");
        String secret = "the secret " + named;
        try (SecretsManagerClient client = client(region, endpoint)) {
            GetSecretValueResponse response = client.getSecretValue(r -> r.secretId(secretId));
            if (response.secretString() == null) {
                throw new Unavailable(secret + " holds binary data, not text; store the value as a secret string");
            }
            return response.secretString();
        } catch (ResourceNotFoundException e) {
            throw new Unavailable("AWS Secrets Manager has no secret " + named + "; create it, or fix the name or ARN "
                    + "(and secrets.aws.region) in the settings");
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
            if ("AccessDeniedException".equals(code) || e.statusCode() == 403) {
                throw new Unavailable("access denied to " + secret + "; check " + CREDENTIALS
                        + ", and that they may secretsmanager:GetSecretValue it (and kms:Decrypt its key)");
            }
            if ("UnrecognizedClientException".equals(code) || "InvalidSignatureException".equals(code)) {
                throw new Unavailable("AWS Secrets Manager does not accept the credentials used to read " + secret
                        + " (" + code + "); check " + CREDENTIALS);
            }
            throw new Unavailable("AWS Secrets Manager refused to give " + secret + ": " + (code != null ? code + ": " : "")
                    + (e.awsErrorDetails() != null ? e.awsErrorDetails().errorMessage() : e.getMessage()));
        } catch (SdkClientException e) {
            if (String.valueOf(e.getMessage()).startsWith("Unable to load credentials")) {
                // the SDK's message lists every provider of the chain and why each had none: a page, not advice
                throw new Unavailable("no AWS credentials to read " + secret + " with; set AWS_PROFILE or "
                        + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where an instance or task role is");
            }
            throw new Unavailable("cannot read " + secret + " from AWS Secrets Manager: " + e.getMessage()
                    + " (check the network, secrets.aws.region and secrets.aws.endpoint, and " + CREDENTIALS + ")");
        } catch (SdkException e) {
            throw new Unavailable("cannot read " + secret + " from AWS Secrets Manager: " + e.getMessage());
        }
    }

    private static SecretsManagerClient client(Optional<String> region, Optional<String> endpoint) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                // a CLI waits at most this long for a secret, retries included
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(30)));
        region.ifPresent(r -> builder.region(Region.of(r)));
        endpoint.ifPresent(e -> builder.endpointOverride(URI.create(e)));
        try {
            return builder.build();
        } catch (SdkClientException e) {
            if (region.isEmpty()) {
                throw new Unavailable("no AWS region to read secrets from; write secrets.aws.region in the settings "
                        + "(e.g. region: eu-west-1), set AWS_REGION, or name the secret by its ARN");
            }
            throw new Unavailable("cannot set up the AWS Secrets Manager client: " + e.getMessage()
                    + "; check secrets.aws.region and the AWS settings (AWS_REGION, AWS_PROFILE)");
        }
    }

    /** {@code arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/mongo-uri-AbCdEf} → eu-west-1: a secret lives in one region. */
    static Optional<String> arnRegion(String secretId) {
        String[] parts = secretId.split(":", 6);
        if (parts.length == 6 && parts[0].equals("arn") && parts[2].equals("secretsmanager") && !parts[3].isEmpty()) {
            return Optional.of(parts[3]);
        }
        return Optional.empty();
    }
}
