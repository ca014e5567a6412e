package io.monarch.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The file name mongodump gives a collection (before {@code .bson} / {@code .metadata.json}), per version. See
 * FACTS.md, "File names": 3.4 to 4.0.7 write the name as it is (and refuse a '/'), 4.0.8 to 4.2 use Go's
 * {@code url.PathEscape}, 100.x {@code url.QueryEscape} and hashes names whose escaped form passes 238 bytes.
 */
public final class MongodumpNames {
    private static final String UPPER_HEX = "0123456789ABCDEF";

    private MongodumpNames() {
    }

    /** The collection's file name stem as {@code version}'s mongodump writes it. */
    public static String fileStem(Mongodump.Version version, String collection) {
        return switch (version) {
            case V3_4 -> {
                if (collection.indexOf('/') >= 0) {
                    // mongodump/prepare.go (r3.4) NewIntentFromOptions: checkStringForPathSeparator
                    throw new IllegalArgumentException("mongodump 3.4 refuses to dump \"" + collection
                            + "\" to a folder: it contains a path separator '/' and can't be dumped to the filesystem");
                }
                yield collection;
            }
            case V4_0, V4_2 -> pathEscape(collection);
            case V100 -> hashIfLong(collection, queryEscape(collection));
        };
    }

    /** Go's {@code url.PathEscape}: a path segment, so '/', ';', ',' and '?' are escaped but '$&+:=@' are not. */
    public static String pathEscape(String s) {
        return escape(s, false);
    }

    /** Go's {@code url.QueryEscape}: every reserved character escaped, a space becomes '+'. */
    public static String queryEscape(String s) {
        return escape(s, true);
    }

    /**
     * mongodump/prepare.go (100.x) outputPath: an escaped name longer than 238 bytes becomes its first 208 bytes,
     * "%24" (an escaped '$') and the unpadded base64url SHA-1 of the unescaped name: 238 bytes in all.
     */
    static String hashIfLong(String collection, String escaped) {
        if (escaped.length() <= 238) {
            return escaped;
        }
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(collection.getBytes(StandardCharsets.UTF_8));
            return escaped.substring(0, 208) + "%24" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escape(String s, boolean queryComponent) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c == ' ' && queryComponent) {
                out.append('+');
            } else if (shouldEscape(c, queryComponent)) {
                out.append('%').append(UPPER_HEX.charAt(c >> 4)).append(UPPER_HEX.charAt(c & 0xF));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    /** net/url shouldEscape for encodePathSegment and encodeQueryComponent. */
    private static boolean shouldEscape(int c, boolean queryComponent) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return false;
        }
        switch (c) {
            case '-', '_', '.', '~':
                return false;
            case '$', '&', '+', ',', '/', ':', ';', '=', '?', '@':
                return queryComponent || c == '/' || c == ';' || c == ',' || c == '?';
            default:
                return true;
        }
    }
}
