package io.monarch.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a backup archive is compressed as a whole; gzip lets {@code mongorestore --gzip} read it. */
public enum Compression {
    GZIP(".archive.gz"), ZSTD(".archive.zst"), NONE(".archive");

    private final String extension;

    Compression(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code gzip}, {@code zstd} or {@code none}; null if the word is none of them. */
    public static Compression parse(String word) {
        for (Compression c : values()) {
            if (c.label().equalsIgnoreCase(word)) {
                return c;
            }
        }
        return null;
    }

    public static String choices() {
        return Arrays.stream(values()).map(Compression::label).collect(Collectors.joining(" | "));
    }
}
