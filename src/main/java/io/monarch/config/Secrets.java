package io.monarch.config;

import io.monarch.mongo.Redaction;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secret references a uri may hold: {@code ${aws-secretsmanager:<name or ARN>[#json-key]}}, read through a
 * {@link SecretSource}, and {@code ${file:<path>}} (Docker and Kubernetes secrets), read from disk. Their syntax is
 * checked when the settings load; they are read only when a command uses the environment, and what they read is
 * remembered by {@link Redaction} so that no message can print it: each secret and file whole, the uri made of them
 * and its password, and each JSON key's value of {@value #SHORTEST_PIECE} characters or more.
 */
public final class Secrets {
    static final String AWS = "aws-secretsmanager";
    static final String FILE = "file";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(" + AWS + "|" + FILE + "):([^}]*)}");
    /** What looks like a reference to some other source: {@code ${vault:...}}. {@code ${VAR:-default}} is not one. */
    private static final Pattern ANY_SOURCE = Pattern.compile("\\$\\{([A-Za-z][\\w-]*):(?!-)");
    private static final long LARGEST_FILE = 64 * 1024;
    /**
     * A JSON key's value shorter than this is not scrubbed on its own: a user name "app" would turn every "applied"
     * into "***lied". A password among such pieces is still scrubbed, as the uri's password.
     */
    static final int SHORTEST_PIECE = 8;
    private static final String FORMS = "write ${VAR}, ${aws-secretsmanager:<name or ARN>[#json-key]} or ${file:<path>}";

    private final AwsSecretsSettings aws;
    private final SecretSource source;

    Secrets(AwsSecretsSettings aws, SecretSource source) {
        this.aws = aws;
        this.source = source;
    }

    public AwsSecretsSettings aws() {
        return aws;
    }

    /** The same settings, reading {@code ${aws-secretsmanager:...}} through {@code source}. */
    Secrets withSource(SecretSource source) {
        return new Secrets(aws, source);
    }

    /** Whether the text holds a secret reference, to be read when the environment is used. */
    static boolean referencedIn(String text) {
        return REFERENCE.matcher(text).find();
    }

    /** What is wrong with the text's references, whatever the machine (an empty name, an unknown source); or null. */
    static String malformed(String text) {
        Matcher any = ANY_SOURCE.matcher(text);
        while (any.find()) {
            if (!any.group(1).equals(AWS) && !any.group(1).equals(FILE)) {
                return "'${" + any.group(1) + ":' is not a source monarch reads; " + FORMS;
            }
        }
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            String reference = m.group(2);
            if (m.group(1).equals(AWS)) {
                int hash = reference.indexOf('#');
                String id = hash < 0 ? reference : reference.substring(0, hash);
                if (!id.isBlank() && !id.strip().equals(id)) {
                    return "'" + m.group() + "' has spaces around the secret's name; write ${aws-secretsmanager:"
                            + reference.strip() + "}";
                }
                if (id.isBlank()) {
                    return "'" + m.group() + "' names no secret; write ${aws-secretsmanager:<name or ARN>}, e.g. "
                            + "${aws-secretsmanager:prod/mongo-uri}";
                }
                if (hash >= 0 && reference.substring(hash + 1).isBlank()) {
                    return "'" + m.group() + "' names no JSON key after '#'; write ${aws-secretsmanager:" + id
                            + "#<key>}, or leave '#' out to take the whole secret";
                }
            } else {
                if (reference.isBlank()) {
                    return "'" + m.group() + "' names no file; write ${file:<path>}, e.g. ${file:/run/secrets/mongo_uri}";
                }
                try {
                    Path.of(reference);
                } catch (InvalidPathException e) {
                    return "'" + m.group() + "' does not name a file: " + e.getReason() + "; " + FORMS;
                }
            }
        }
        return null;
    }

    /**
     * The text with each reference replaced by what it reads: a file's trailing line break trimmed, a JSON secret's
     * key picked. Relative file paths are relative to {@code projectDir}.
     *
     * @throws SecretSource.Unavailable saying which reference, why, and what to do
     */
    String resolve(String text, Path projectDir) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(1).equals(AWS) ? aws(m.group(2)) : file(projectDir, m.group(2));
            if (value.isEmpty()) {
                throw new SecretSource.Unavailable(m.group() + " is empty; store the value there");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        String resolved = out.toString();
        remember(resolved);
        return resolved;
    }

    private String aws(String reference) {
        int hash = reference.indexOf('#');
        String id = hash < 0 ? reference : reference.substring(0, hash);
        String secret = source.secretString(id, aws);
        remember(secret);
        if (hash < 0) {
            return secret;
        }
        String key = reference.substring(hash + 1);
        BsonDocument json;
        try {
            json = BsonDocument.parse(secret);
        } catch (RuntimeException e) {
            // the parser's message would quote the secret
            throw new SecretSource.Unavailable("the secret '" + id + "' is not a JSON object, so it has no key '" + key
                    + "'; write ${aws-secretsmanager:" + id + "} to take it whole, or store it as JSON");
        }
        BsonValue found = json.get(key);
        if (found == null) {
            throw new SecretSource.Unavailable("the secret '" + id + "' has no key '" + key + "'; its keys are: "
                    + String.join(", ", json.keySet()) + " (a key is case-sensitive)");
        }
        String value = switch (found.getBsonType()) {
            case STRING -> found.asString().getValue();
            case INT32 -> String.valueOf(found.asInt32().getValue());
            case INT64 -> String.valueOf(found.asInt64().getValue());
            case DOUBLE -> String.valueOf(found.asDouble().getValue());
            case BOOLEAN -> String.valueOf(found.asBoolean().getValue());
            default -> throw new SecretSource.Unavailable("the key '" + key + "' of the secret '" + id
                    + "' holds a " + found.getBsonType().name().toLowerCase() + ", not a string; name a key whose value is the text to use");
        };
        if (value.length() >= SHORTEST_PIECE) {
            remember(value);
        }
        return value;
    }

    private static String file(Path projectDir, String reference) {
        Path path = projectDir.resolve(reference);
        String what = "the file " + path;
        try {
            if (!Files.isRegularFile(path)) {
                throw new NoSuchFileException(path.toString());
            }
            if (Files.size(path) > LARGEST_FILE) {
                throw new SecretSource.Unavailable(what + " is larger than 64 KiB, too large for a secret; name the file "
                        + "that holds just the value");
            }
            byte[] bytes = Files.readAllBytes(path);
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            String value = text.replaceAll("[\r\n]+$", "");
            remember(value);
            return value;
        } catch (NoSuchFileException e) {
            throw new SecretSource.Unavailable(what + (Files.isDirectory(path) ? " is a folder" : " does not exist")
                    + "; mount the secret there (Docker: a 'secrets:' entry of the service, Kubernetes: a secret volume), "
                    + "or fix the path");
        } catch (AccessDeniedException e) {
            throw new SecretSource.Unavailable("cannot read " + what + ": permission denied; let the user monarch runs "
                    + "as read it");
        } catch (CharacterCodingException e) {
            throw new SecretSource.Unavailable(what + " is not UTF-8 text; write the value there as text");
        } catch (IOException e) {
            throw new SecretSource.Unavailable("cannot read " + what + ": " + e.getMessage());
        }
    }

    /** Keeps the value out of every message: whole, and, if it is a uri, its password (a part a message could quote). */
    private static void remember(String value) {
        Redaction.remember(value);
        Redaction.redactUri(value);
    }
}
