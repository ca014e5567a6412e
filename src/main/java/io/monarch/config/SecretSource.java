package io.monarch.config;

/**
 * Reads {@code ${aws-secretsmanager:<name or ARN>}} for a uri. config may not reach AWS itself (only storage uses
 * the SDK), so the facade hands one over ({@link Settings#withSecretSource}) when it loads the settings.
 */
@FunctionalInterface
public interface SecretSource {
    /** Until one is handed over: settings read without the facade cannot reach AWS Secrets Manager. */
    SecretSource NONE = (secretId, settings) -> {
        throw new Unavailable("monarch has no AWS Secrets Manager client here (the settings were not loaded through "
                + "the facade, Monarch.load)");
    };

    /**
     * The secret's string value (its current version).
     *
     * @param settings {@code secrets.aws} of settings.yml: region and endpoint, when written
     * @throws Unavailable saying why it cannot be read and what to do
     */
    String secretString(String secretId, AwsSecretsSettings settings);

    /** A secret that cannot be read: the message says why and what to do, and never holds a secret's value. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
