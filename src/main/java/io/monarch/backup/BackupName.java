package io.monarch.backup;

import io.monarch.stream.EncryptionStreams;
import io.monarch.api.Compression;
import io.monarch.api.MonarchException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A backup's name: {@code <env>__<db>__<UTC yyyyMMddTHHmmssZ>[__<label or QuerySet>]}. Names sort by time
 * within an environment and say what they hold; the archive adds the compression's extension (and
 * {@code .enc} when it is encrypted), the manifest {@code .json}.
 */
public record BackupName(String environment, String database, Instant createdAt, String label) {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern PATTERN = Pattern.compile("(.+?)__(.+?)__(\\d{8}T\\d{6}Z)(?:__(.+))?");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]+");
    static final int MAX_LABEL = 100;
    public static final String MANIFEST_EXTENSION = ".json";

    public BackupName {
        createdAt = createdAt.truncatedTo(ChronoUnit.SECONDS);
    }

    public static BackupName of(String environment, String database, Instant createdAt, String label) {
        return new BackupName(environment, database, createdAt, checkLabel(label));
    }

    /**
     * A label as a name may end with: letters, digits, '.', '_' and '-', neither '.' nor '..', at most
     * {@value #MAX_LABEL} characters; it becomes part of a file name and an S3 key. Blank: none (null).
     */
    public static String checkLabel(String label) {
        if (label == null || label.isEmpty()) {
            return null;
        }
        if (!LABEL.matcher(label).matches() || label.equals(".") || label.equals("..") || label.length() > MAX_LABEL) {
            throw MonarchException.usage("the backup label (--name) '" + printable(label) + "' is not allowed: a label takes "
                    + "letters (a-z, A-Z), digits, '.', '_' and '-', is neither '.' nor '..', and has at most " + MAX_LABEL
                    + " characters; e.g. --name before-upgrade-2.4. Nothing was written");
        }
        return label;
    }

    private static String printable(String text) {
        String shown = text.length() > MAX_LABEL + 20 ? text.substring(0, MAX_LABEL + 20) + "…" : text;
        StringBuilder out = new StringBuilder();
        shown.codePoints().forEach(c -> out.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.toString();
    }

    /** Parses a name, with or without an archive or manifest extension. */
    public static Optional<BackupName> parse(String text) {
        Matcher m = PATTERN.matcher(stripExtension(text));
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new BackupName(m.group(1), m.group(2), STAMP.parse(m.group(3), Instant::from), m.group(4)));
    }

    public static String stripExtension(String fileName) {
        if (fileName.endsWith(MANIFEST_EXTENSION)) {
            return fileName.substring(0, fileName.length() - MANIFEST_EXTENSION.length());
        }
        for (String ext : archiveExtensions()) {
            if (fileName.endsWith(ext)) {
                return fileName.substring(0, fileName.length() - ext.length());
            }
        }
        return fileName;
    }

    /** Every extension an archive of ours may have: each compression's, plain or encrypted. */
    public static List<String> archiveExtensions() {
        List<String> extensions = new ArrayList<>();
        for (Compression c : Compression.values()) {
            extensions.add(c.extension() + EncryptionStreams.EXTENSION);
            extensions.add(c.extension());
        }
        return extensions;
    }

    public String archiveFile(Compression compression, boolean encrypted) {
        return this + compression.extension() + (encrypted ? EncryptionStreams.EXTENSION : "");
    }

    public String manifestFile() {
        return this + MANIFEST_EXTENSION;
    }

    @Override
    public String toString() {
        return environment + "__" + database + "__" + STAMP.format(createdAt) + (label == null ? "" : "__" + label);
    }
}
