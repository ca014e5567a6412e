package io.monarch.config;

import io.monarch.api.Compression;
import io.monarch.api.RetentionPolicy;
import io.monarch.mongo.Redaction;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Reads settings.yml into {@link Settings}. Works on snakeyaml's node tree ({@link SettingsYaml}) rather than
 * plain maps so that every error can name its line. Everything is checked before anything connects.
 */
public final class SettingsLoader {
    private static final Set<String> TOP_KEYS = Set.of("environments", "backups", "migrations", "secrets");
    private static final Set<String> ENVIRONMENT_KEYS = Set.of("uri", "database", "databases", "protected");
    private static final Set<String> DATABASES_KEYS = Set.of("pattern");
    private static final Set<String> BACKUP_KEYS = Set.of("local", "s3", "retention", "encryption", "signing",
            "require_authenticated");
    private static final Set<String> LOCAL_KEYS = Set.of("path", "compression");
    private static final Set<String> S3_KEYS = Set.of("bucket", "prefix", "region", "endpoint", "compression", "sse", "kms_key_id");
    private static final Set<String> RETENTION_KEYS = Set.of("keep_last", "keep_daily", "keep_weekly", "keep_monthly");
    /** The keys of backups.encryption and of backups.signing alike. */
    private static final Set<String> KEY_LIST_KEYS = Set.of("key", "previous_keys");
    private static final int KEY_BYTES = 32;
    private static final Set<String> MIGRATION_KEYS =
            Set.of("directory", "collection", "classpath", "lock_ttl_seconds", "lock_wait_seconds", "namespace");
    private static final Set<String> SECRETS_KEYS = Set.of("aws");
    private static final Set<String> AWS_SECRETS_KEYS = Set.of("region", "endpoint");

    private final Path file;
    private final Interpolation interpolation;

    private SettingsLoader(Path file, Map<String, String> variables) {
        this.file = file;
        this.interpolation = new Interpolation(variables);
    }

    public static Settings load(Path file) {
        return load(file, System.getenv());
    }

    public static Settings load(Path file, Map<String, String> variables) {
        try {
            return new SettingsLoader(file, variables).read();
        } catch (SettingsException e) {
            throw e;
        } catch (RuntimeException e) {
            // a last resort: every case known is named above with its line; a settings error is still exit 2
            throw new SettingsException(file, 0, "cannot be read as monarch settings (" + e
                    + "); compare it with the settings 'monarch init' writes");
        }
    }

    /** The project folder for a settings file: the parent of the folder it sits in. */
    public static Path projectDirOf(Path settingsFile) {
        Path dir = settingsFile.toAbsolutePath().normalize().getParent();
        Path parent = dir.getParent();
        return parent != null ? parent : dir;
    }

    private Settings read() {
        Node root = SettingsYaml.compose(file);
        MappingNode top = mapping(root, "the top level");
        Map<String, Node> keys = keys(top, TOP_KEYS, "the top level");
        Path projectDir = projectDirOf(file);
        Node environmentsNode = keys.get("environments");
        if (environmentsNode == null) {
            throw new SettingsException(file, line(top), "no 'environments:' section; write one, e.g.\n"
                    + "environments:\n  development:\n    uri: embedded:.monarch/development\n    database: app_dev");
        }
        Map<String, EnvironmentEntry> environments = new LinkedHashMap<>();
        Map<String, Integer> written = new HashMap<>();
        for (NodeTuple tuple : mapping(environmentsNode, "environments").getValue()) {
            String name = scalar(tuple.getKeyNode(), "an environment name");
            Integer first = written.putIfAbsent(name, line(tuple.getKeyNode()));
            if (first != null) {
                // the last one would win, silently: a second 'production:' without 'protected: true' unprotects it
                throw new SettingsException(file, line(tuple.getKeyNode()), "environment '" + name + "' is written twice, at lines "
                        + first + " and " + line(tuple.getKeyNode()) + "; keep one (merge their keys), or rename the other");
            }
            environments.put(name, environment(name, tuple.getValueNode()));
        }
        if (environments.isEmpty()) {
            throw new SettingsException(file, line(environmentsNode), "'environments:' lists no environment; add one");
        }
        return new Settings(file, projectDir, environments, backups(keys.get("backups"), projectDir),
                migrations(keys.get("migrations"), projectDir), new Secrets(secrets(keys.get("secrets")), SecretSource.NONE));
    }

    private EnvironmentEntry environment(String name, Node node) {
        String where = "environments." + name;
        MappingNode map = mapping(node, where);
        Map<String, Node> keys = keys(map, ENVIRONMENT_KEYS, where);
        Node uriNode = require(keys, "uri", map, where, "uri: embedded:.monarch/" + name + "   (or mongodb://host:27017)");
        String database = null;
        TenantDatabases tenants = null;
        if (keys.containsKey("database") && keys.containsKey("databases")) {
            // the line of the one written second: the first looked right until then
            throw new SettingsException(file, Math.max(line(keys.get("database")), line(keys.get("databases"))), where + " has both 'database' and 'databases'; keep one: "
                    + "database: <name> for one database, databases: for many (tenants)");
        } else if (keys.containsKey("databases")) {
            tenants = tenants(keys.get("databases"), where + ".databases");
        } else {
            Node databaseNode = require(keys, "database", map, where, "database: app_" + name
                    + "   (or, for many databases: databases: [tenant_a, tenant_b] or databases: {pattern: \"tenant_*\"})");
            database = databaseName(databaseNode, where + ".database");
        }
        boolean isProtected = keys.containsKey("protected") && bool(keys.get("protected"), where + ".protected");
        String rawUri = scalar(uriNode, where + ".uri");
        String malformed = Secrets.malformed(rawUri);
        if (malformed != null) {
            throw new SettingsException(file, line(uriNode), where + ".uri: " + malformed);
        }
        List<String> variables = Interpolation.variables(rawUri);
        try {
            String uri = interpolation.apply(rawUri);
            if (!variables.isEmpty()) {
                // a value from the environment is not the file's text: what is wrong with it is said without it, and
                // only to the commands that use this environment, as for an unset variable
                String problem = variableProblem(where, uri, variables);
                return new EnvironmentEntry(name, problem == null ? uri : rawUri, database, isProtected, line(uriNode), problem, tenants);
            }
            if (!Secrets.referencedIn(uri)) {
                // one with secrets is checked once they are read, when a command uses the environment
                UriCheck.check(file, line(uriNode), where, uri, null);
            }
            return new EnvironmentEntry(name, uri, database, isProtected, line(uriNode), null, tenants);
        } catch (Interpolation.UnsetVariable unset) {
            String problem = "${" + unset.variable + "} is not set; export " + unset.variable
                    + "=<uri> before running monarch, or write ${" + unset.variable + ":-<default uri>}";
            return new EnvironmentEntry(name, rawUri, database, isProtected, line(uriNode), problem, tenants);
        }
    }

    /** What is wrong with a uri made with {@code ${VAR}}s, named by them and never quoting the value; null when nothing is. */
    private static String variableProblem(String where, String uri, List<String> variables) {
        List<String> named = variables.stream().distinct().map(v -> "${" + v + "}").toList();
        String subject = where + ".uri: the value of " + (named.size() == 1 ? named.get(0)
                : String.join(", ", named.subList(0, named.size() - 1)) + " and " + named.get(named.size() - 1) + " together");
        if (Secrets.malformed(uri) != null) {
            UriCheck.rememberPassword(uri);
            Redaction.remember(uri);
            return subject + " holds a secret reference that monarch cannot read; write the reference itself in settings.yml "
                    + "(${aws-secretsmanager:<name or ARN>} or ${file:<path>}), or give the variable the uri";
        }
        if (Secrets.referencedIn(uri)) {
            return null; // checked once its secrets are read
        }
        String problem = UriCheck.problem(subject, uri, true);
        return problem == null ? null : problem + "; fix it where " + String.join(" and ", named) + (named.size() == 1 ? " is" : " are")
                + " set (monarch does not print the value)";
    }

    private String databaseName(Node node, String where) {
        String database = interpolateNow(node, where);
        if (!validDatabaseName(database)) {
            throw new SettingsException(file, line(node), "'" + database.replaceAll("\\p{Cntrl}", "?")
                    + "' is not a valid database name; use letters, digits, '_' or '-'");
        }
        return database;
    }

    private static boolean validDatabaseName(String name) {
        return !name.isBlank() && !name.matches(".*[/\\\\. \"$].*");
    }

    /** {@code databases: [tenant_a, tenant_b]} or {@code databases: {pattern: "tenant_*"}}. */
    private TenantDatabases tenants(Node node, String where) {
        String example = "databases: [tenant_a, tenant_b]   or   databases: {pattern: \"tenant_*\"}";
        if (node instanceof SequenceNode seq) {
            List<String> names = new ArrayList<>();
            for (Node item : seq.getValue()) {
                String name = databaseName(item, where);
                if (name.contains("*") || name.contains("?")) {
                    throw new SettingsException(file, line(item), where + " lists '" + name + "', a pattern; the list names "
                            + "databases, a pattern is written databases: {pattern: \"" + name + "\"}");
                }
                if (names.contains(name)) {
                    throw new SettingsException(file, line(item), where + " names " + name + " twice; keep one");
                }
                names.add(name);
            }
            if (names.isEmpty()) {
                throw new SettingsException(file, line(node), where + " lists no database; write " + example);
            }
            return TenantDatabases.of(names);
        }
        if (node instanceof MappingNode m) {
            Node patternNode = require(keys(m, DATABASES_KEYS, where), "pattern", m, where, "pattern: \"tenant_*\"");
            String pattern = interpolateNow(patternNode, where + ".pattern");
            if (!validDatabaseName(pattern.replace('*', 'x').replace('?', 'x'))) {
                throw new SettingsException(file, line(patternNode), where + ".pattern '" + pattern.replaceAll("\\p{Cntrl}", "?")
                        + "' is not a pattern of database names; use letters, digits, '_', '-', and * (any characters) or ? (one), "
                        + "e.g. \"tenant_*\"");
            }
            return TenantDatabases.matching(pattern);
        }
        String value = scalar(node, where);
        throw new SettingsException(file, line(node), where + " is '" + value + "', one value; write a list or a pattern: "
                + (value.contains("*") || value.contains("?") ? "databases: {pattern: \"" + value + "\"}" : example)
                + " (for one database, write database: " + value + ")");
    }

    private BackupSettings backups(Node node, Path projectDir) {
        Path local = projectDir.resolve("backups");
        Compression localCompression = Compression.GZIP;
        Optional<S3Settings> s3 = Optional.empty();
        if (node == null) {
            return new BackupSettings(local, localCompression, s3, RetentionPolicy.NONE, Optional.empty(), Optional.empty(), false);
        }
        Map<String, Node> keys = keys(mapping(node, "backups"), BACKUP_KEYS, "backups");
        if (keys.get("local") != null) {
            Map<String, Node> l = keys(mapping(keys.get("local"), "backups.local"), LOCAL_KEYS, "backups.local");
            if (l.containsKey("path")) {
                local = path(projectDir, l.get("path"), "backups.local.path");
            }
            if (l.containsKey("compression")) {
                localCompression = compression(l.get("compression"), "backups.local.compression");
            }
        }
        if (keys.get("s3") != null) {
            MappingNode s3Node = mapping(keys.get("s3"), "backups.s3");
            Map<String, Node> s = keys(s3Node, S3_KEYS, "backups.s3");
            String bucket = interpolateNow(require(s, "bucket", s3Node, "backups.s3", "bucket: my-team-backups"), "backups.s3.bucket");
            String prefix = s.containsKey("prefix") ? interpolateNow(s.get("prefix"), "backups.s3.prefix") : "";
            String region = s.containsKey("region") ? interpolateNow(s.get("region"), "backups.s3.region") : "us-east-1";
            Optional<String> endpoint = s.containsKey("endpoint")
                    ? Optional.of(interpolateNow(s.get("endpoint"), "backups.s3.endpoint")) : Optional.empty();
            Compression compression = s.containsKey("compression")
                    ? compression(s.get("compression"), "backups.s3.compression") : Compression.GZIP;
            Optional<String> sse = s.containsKey("sse") ? Optional.of(sse(s.get("sse"))) : Optional.empty();
            Optional<String> kmsKeyId = s.containsKey("kms_key_id")
                    ? Optional.of(interpolateNow(s.get("kms_key_id"), "backups.s3.kms_key_id")) : Optional.empty();
            if (kmsKeyId.isPresent() && !sse.equals(Optional.of(S3Settings.SSE_KMS))) {
                throw new SettingsException(file, line(s.get("kms_key_id")), "backups.s3.kms_key_id is a KMS key for sse: "
                        + S3Settings.SSE_KMS + "; add the line 'sse: " + S3Settings.SSE_KMS + "' beside it");
            }
            s3 = Optional.of(new S3Settings(bucket, prefix, region, endpoint, compression, sse, kmsKeyId));
        }
        Optional<EncryptionSettings> encryption = keys.get("encryption") == null ? Optional.empty()
                : Optional.of(keyList(keys.get("encryption"), "backups.encryption", "MONARCH_BACKUP_KEY", EncryptionSettings::new));
        Optional<SigningSettings> signing = keys.get("signing") == null ? Optional.empty()
                : Optional.of(keyList(keys.get("signing"), "backups.signing", "MONARCH_SIGNING_KEY", SigningSettings::new));
        boolean requireAuthenticated = keys.get("require_authenticated") != null
                && bool(keys.get("require_authenticated"), "backups.require_authenticated");
        if (requireAuthenticated && encryption.isEmpty() && signing.isEmpty()) {
            throw new SettingsException(file, line(keys.get("require_authenticated")), "backups.require_authenticated is true, "
                    + "but no key authenticates manifests; add one under backups:\n  signing:\n    key: ${MONARCH_SIGNING_KEY}"
                    + "   (a 256-bit key in base64: openssl rand -base64 32)\nor an encryption key (backups.encryption.key)");
        }
        return new BackupSettings(local, localCompression, s3, retention(keys.get("retention")), encryption, signing,
                requireAuthenticated);
    }

    /** {@code backups.retention: {keep_daily: 7, keep_weekly: 4}}: what prune keeps when no flag says otherwise. */
    private RetentionPolicy retention(Node node) {
        if (node == null) {
            return RetentionPolicy.NONE;
        }
        Map<String, Node> r = keys(mapping(node, "backups.retention"), RETENTION_KEYS, "backups.retention");
        Map<String, Integer> counts = new HashMap<>();
        r.forEach((key, value) -> {
            String text = interpolateNow(value, "backups.retention." + key);
            if (!text.matches("\\d{1,9}")) {
                throw new SettingsException(file, line(value), "backups.retention." + key + " is '" + text
                        + "'; write how many backups it keeps, a whole number (0 turns the rule off)");
            }
            counts.put(key, Integer.parseInt(text));
        });
        return new RetentionPolicy(counts.get("keep_last"), counts.get("keep_daily"), counts.get("keep_weekly"), counts.get("keep_monthly"));
    }

    /** {@code secrets.aws}: where {@code ${aws-secretsmanager:...}} is read. */
    private AwsSecretsSettings secrets(Node node) {
        if (node == null) {
            return AwsSecretsSettings.DEFAULT;
        }
        Node awsNode = keys(mapping(node, "secrets"), SECRETS_KEYS, "secrets").get("aws");
        if (awsNode == null) {
            return AwsSecretsSettings.DEFAULT;
        }
        Map<String, Node> keys = keys(mapping(awsNode, "secrets.aws"), AWS_SECRETS_KEYS, "secrets.aws");
        Optional<String> region = Optional.empty();
        Optional<String> endpoint = Optional.empty();
        if (keys.containsKey("region")) {
            String value = interpolateNow(keys.get("region"), "secrets.aws.region");
            if (!value.matches("[A-Za-z0-9-]+")) {
                throw new SettingsException(file, line(keys.get("region")), "secrets.aws.region '" + value
                        + "' is not an AWS region; write one such as eu-west-1");
            }
            region = Optional.of(value);
        }
        if (keys.containsKey("endpoint")) {
            String value = interpolateNow(keys.get("endpoint"), "secrets.aws.endpoint");
            if (!isHttpUrl(value)) {
                throw new SettingsException(file, line(keys.get("endpoint")), "secrets.aws.endpoint '" + value
                        + "' is not a URL; write it as http(s)://host[:port], or leave it out to use AWS's own");
            }
            endpoint = Optional.of(value);
        }
        return new AwsSecretsSettings(region, endpoint);
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private String sse(Node node) {
        String value = interpolateNow(node, "backups.s3.sse");
        if (!value.equals(S3Settings.SSE_KMS) && !value.equals(S3Settings.SSE_S3)) {
            throw new SettingsException(file, line(node), "backups.s3.sse is '" + value + "'; write " + S3Settings.SSE_KMS
                    + " (with kms_key_id: <key id or ARN>, or without: the account's aws/s3 key) or " + S3Settings.SSE_S3);
        }
        return value;
    }

    /**
     * backups.encryption or backups.signing: a key for new backups and older ones for reading (or checking) old
     * backups; at least one of them.
     */
    private <T> T keyList(Node node, String where, String variable,
                          BiFunction<Optional<EncryptionSettings.Secret>, List<EncryptionSettings.Secret>, T> settings) {
        MappingNode map = mapping(node, where);
        Map<String, Node> keys = keys(map, KEY_LIST_KEYS, where);
        Optional<EncryptionSettings.Secret> key = keys.containsKey("key")
                ? Optional.of(secret(keys.get("key"), where + ".key", variable)) : Optional.empty();
        List<EncryptionSettings.Secret> previous = new ArrayList<>();
        if (keys.containsKey("previous_keys")) {
            if (!(keys.get("previous_keys") instanceof SequenceNode seq)) {
                throw new SettingsException(file, line(keys.get("previous_keys")), where + ".previous_keys must be "
                        + "a list of keys, e.g.\n  previous_keys:\n    - ${" + variable + "_2025}");
            }
            for (Node item : seq.getValue()) {
                previous.add(secret(item, where + ".previous_keys[" + (previous.size() + 1) + "]", variable));
            }
        }
        if (key.isEmpty() && previous.isEmpty()) {
            throw new SettingsException(file, line(map), where + " has no 'key'; add a line such as: "
                    + "key: ${" + variable + "}   (a 256-bit key in base64: openssl rand -base64 32)");
        }
        return settings.apply(key, List.copyOf(previous));
    }

    /**
     * A 256-bit key in base64. An unset or empty {@code ${VAR}} is an error only for a command that needs the key;
     * a value that is not such a key stops every command, as any bad setting does. The value is never shown.
     */
    private EncryptionSettings.Secret secret(Node node, String where, String variable) {
        String text;
        try {
            text = interpolation.apply(scalar(node, where)).strip();
        } catch (Interpolation.UnsetVariable unset) {
            return new EncryptionSettings.Secret(where, null, "${" + unset.variable + "} is not set");
        }
        if (text.isEmpty()) {
            return new EncryptionSettings.Secret(where, null, "it is empty");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            bytes = null;
        }
        if (bytes == null || bytes.length != KEY_BYTES) {
            throw new SettingsException(file, line(node), where + " is not a 256-bit key in base64 ("
                    + (bytes == null ? "it is not base64" : "it decodes to " + bytes.length + " bytes, not " + KEY_BYTES)
                    + "); make one with: openssl rand -base64 32, and give it through a variable: ${" + variable + "}");
        }
        return new EncryptionSettings.Secret(where, bytes, null);
    }

    private MigrationSettings migrations(Node node, Path projectDir) {
        Path directory = projectDir.resolve("migrations");
        String collection = "monarch_migrations";
        List<Path> classpath = new ArrayList<>();
        Duration ttl = Duration.ofSeconds(60);
        Duration wait = Duration.ofSeconds(10);
        String namespace = null;
        if (node != null) {
            Map<String, Node> keys = keys(mapping(node, "migrations"), MIGRATION_KEYS, "migrations");
            if (keys.containsKey("directory")) {
                directory = path(projectDir, keys.get("directory"), "migrations.directory");
            }
            if (keys.containsKey("collection")) {
                collection = interpolateNow(keys.get("collection"), "migrations.collection");
                if (collection.isBlank() || collection.contains("$")) {
                    throw new SettingsException(file, line(keys.get("collection")),
                            "migrations.collection '" + collection + "' is not a valid collection name");
                }
            }
            if (keys.containsKey("classpath")) {
                Node cp = keys.get("classpath");
                if (!(cp instanceof SequenceNode seq)) {
                    throw new SettingsException(file, line(cp), "migrations.classpath must be a list of jar paths, e.g.\n"
                            + "  classpath:\n    - lib/my-model.jar");
                }
                for (Node item : seq.getValue()) {
                    classpath.add(path(projectDir, item, "migrations.classpath"));
                }
            }
            if (keys.containsKey("lock_ttl_seconds")) {
                ttl = Duration.ofSeconds(positive(keys.get("lock_ttl_seconds"), "migrations.lock_ttl_seconds"));
            }
            if (keys.containsKey("lock_wait_seconds")) {
                wait = Duration.ofSeconds(positive(keys.get("lock_wait_seconds"), "migrations.lock_wait_seconds"));
            }
            if (keys.containsKey("namespace")) {
                namespace = interpolateNow(keys.get("namespace"), "migrations.namespace");
                if (!namespace.matches("[A-Za-z0-9_-]{1,64}")) {
                    throw new SettingsException(file, line(keys.get("namespace")), "migrations.namespace '"
                            + namespace.replaceAll("\\p{Cntrl}", "?") + "' is not a namespace; use up to 64 letters, digits, '_' or '-', e.g. billing");
                }
            }
        }
        return new MigrationSettings(directory, collection, List.copyOf(classpath), ttl, wait, namespace);
    }

    private MappingNode mapping(Node node, String where) {
        if (node instanceof MappingNode m) {
            return m;
        }
        throw new SettingsException(file, line(node), where + " must be a mapping of 'key: value' lines, indented under it");
    }

    /** The keys of a mapping; an unknown one is an error naming the closest known key. */
    private Map<String, Node> keys(MappingNode map, Set<String> allowed, String where) {
        Map<String, Node> result = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            String key = scalar(tuple.getKeyNode(), "a key under " + where);
            if (!allowed.contains(key)) {
                throw new SettingsException(file, line(tuple.getKeyNode()), "unknown key '" + key + "' under " + where
                        + KeySuggestion.closest(key, allowed) + "; the keys allowed here are: " + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (result.containsKey(key)) {
                throw new SettingsException(file, line(tuple.getKeyNode()), "'" + key + "' is written twice under " + where
                        + ", at lines " + line(firstKey(map, key)) + " and " + line(tuple.getKeyNode()) + "; keep one");
            }
            result.put(key, tuple.getValueNode());
        }
        return result;
    }

    private static Node firstKey(MappingNode map, String key) {
        for (NodeTuple tuple : map.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return k;
            }
        }
        throw new IllegalStateException(key);
    }

    private Node require(Map<String, Node> keys, String key, Node parent, String where, String example) {
        Node node = keys.get(key);
        if (node == null) {
            throw new SettingsException(file, line(parent), where + " has no '" + key + "'; add a line such as: " + example);
        }
        return node;
    }

    private String scalar(Node node, String what) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        throw new SettingsException(file, line(node), what + " must be a single value");
    }

    /** A value that must be usable whatever the command: an unset variable in it is an error now. */
    private String interpolateNow(Node node, String where) {
        try {
            return interpolation.apply(scalar(node, where));
        } catch (Interpolation.UnsetVariable unset) {
            throw new SettingsException(file, line(node), "${" + unset.variable + "} in " + where
                    + " is not set; export it, or write ${" + unset.variable + ":-<default>}");
        }
    }

    /** A path, relative to the project folder. */
    private Path path(Path projectDir, Node node, String where) {
        String value = interpolateNow(node, where);
        try {
            return projectDir.resolve(value).normalize();
        } catch (InvalidPathException e) {
            throw new SettingsException(file, line(node), where + " '" + value.replaceAll("\\p{Cntrl}", "?") + "' is not a path: " + e.getReason()
                    + "; write a folder or file path, relative to " + projectDir + " or absolute");
        }
    }

    private boolean bool(Node node, String where) {
        String value = interpolateNow(node, where);
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new SettingsException(file, line(node), where + " is '" + value + "'; write true or false");
    }

    private long positive(Node node, String where) {
        String value = interpolateNow(node, where);
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new SettingsException(file, line(node), where + " is '" + value + "'; write a whole number of seconds above 0");
    }

    private Compression compression(Node node, String where) {
        String value = interpolateNow(node, where);
        Compression c = Compression.parse(value);
        if (c == null) {
            throw new SettingsException(file, line(node), where + " is '" + value + "'; write one of " + Compression.choices());
        }
        return c;
    }

    private static int line(Node node) {
        return node.getStartMark() != null ? node.getStartMark().getLine() + 1 : 0;
    }
}
