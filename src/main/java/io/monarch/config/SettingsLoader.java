package io.monarch.config;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import io.monarch.api.Compression;
import io.monarch.mongo.EmbeddedUri;
import io.monarch.mongo.Redaction;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads settings.yml into {@link Settings}. Works on snakeyaml's node tree ({@link SettingsYaml}) rather than
 * plain maps so that every error can name its line. Everything is checked before anything connects.
 */
public final class SettingsLoader {
    private static final Set<String> TOP_KEYS = Set.of("environments", "backups", "migrations");
    private static final Set<String> ENVIRONMENT_KEYS = Set.of("uri", "database", "protected");
    private static final Set<String> BACKUP_KEYS = Set.of("local", "s3");
    private static final Set<String> LOCAL_KEYS = Set.of("path", "compression");
    private static final Set<String> S3_KEYS = Set.of("bucket", "prefix", "region", "endpoint", "compression");
    private static final Set<String> MIGRATION_KEYS =
            Set.of("directory", "collection", "classpath", "lock_ttl_seconds", "lock_wait_seconds", "namespace");

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
                migrations(keys.get("migrations"), projectDir));
    }

    private EnvironmentEntry environment(String name, Node node) {
        String where = "environments." + name;
        MappingNode map = mapping(node, where);
        Map<String, Node> keys = keys(map, ENVIRONMENT_KEYS, where);
        Node uriNode = require(keys, "uri", map, where, "uri: embedded:.monarch/" + name + "   (or mongodb://host:27017)");
        Node databaseNode = require(keys, "database", map, where, "database: app_" + name);
        String database = interpolateNow(databaseNode, where + ".database");
        if (database.isBlank() || database.matches(".*[/\\\\. \"$].*")) {
            throw new SettingsException(file, line(databaseNode), "'" + database
                    + "' is not a valid database name; use letters, digits, '_' or '-'");
        }
        boolean isProtected = keys.containsKey("protected") && bool(keys.get("protected"), where + ".protected");
        String rawUri = scalar(uriNode, where + ".uri");
        try {
            String uri = interpolation.apply(rawUri);
            checkUri(uri, line(uriNode), where);
            return new EnvironmentEntry(name, uri, database, isProtected, line(uriNode), null);
        } catch (Interpolation.UnsetVariable unset) {
            String problem = "${" + unset.variable + "} is not set; export " + unset.variable
                    + "=<uri> before running monarch, or write ${" + unset.variable + ":-<default uri>}";
            return new EnvironmentEntry(name, rawUri, database, isProtected, line(uriNode), problem);
        }
    }

    private void checkUri(String uri, int line, String where) {
        if (uri.startsWith(EmbeddedUri.SCHEME)) {
            if (uri.length() == EmbeddedUri.SCHEME.length()) {
                throw new SettingsException(file, line, where + ".uri 'embedded:' names no folder; write "
                        + "embedded:memory or embedded:.monarch/<name>");
            }
            return;
        }
        if (!uri.startsWith("mongodb://") && !uri.startsWith("mongodb+srv://")) {
            throw new SettingsException(file, line, where + ".uri '" + Redaction.redactUri(uri)
                    + "' is not a MongoDB URI; write mongodb://host:27017, mongodb+srv://cluster.example.net or embedded:<folder>");
        }
        try {
            // the client's settings check more than the string's syntax (an SRV host needs three parts)
            MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri)).build();
        } catch (RuntimeException e) {
            throw new SettingsException(file, line, where + ".uri is malformed: "
                    + Redaction.scrub(String.valueOf(e.getMessage())).replaceAll("[.\\s]+$", "") + "; see https://www.mongodb.com/docs/manual/reference/connection-string/");
        }
    }

    private BackupSettings backups(Node node, Path projectDir) {
        Path local = projectDir.resolve("backups");
        Compression localCompression = Compression.GZIP;
        Optional<S3Settings> s3 = Optional.empty();
        if (node == null) {
            return new BackupSettings(local, localCompression, s3);
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
            s3 = Optional.of(new S3Settings(bucket, prefix, region, endpoint, compression));
        }
        return new BackupSettings(local, localCompression, s3);
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
                        + closest(key, allowed) + "; the keys allowed here are: " + String.join(", ", allowed.stream().sorted().toList()));
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

    private static String closest(String key, Set<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int d = distance(key.toLowerCase(), candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= 3 ? " (did you mean '" + best + "'?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            prev = cur;
        }
        return prev[b.length()];
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
