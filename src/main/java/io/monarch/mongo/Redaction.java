package io.monarch.mongo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that keeps passwords out of output. URIs are printed with the password as {@code ***};
 * every password seen in a settings file is also remembered, so that any text printed (a driver error,
 * a stack trace) can be scrubbed of it.
 */
public final class Redaction {
    private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^:@/]*):([^@/]*)@");
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private Redaction() {
    }

    /** The URI with its password, if any, replaced by {@code ***}; remembers the password for {@link #scrub}. */
    public static String redactUri(String uri) {
        if (uri == null) {
            return null;
        }
        Matcher m = USER_INFO.matcher(uri);
        if (!m.find()) {
            return uri;
        }
        remember(m.group(3));
        return m.group(1) + m.group(2) + ":***@" + uri.substring(m.end());
    }

    /** Remembers a secret so that {@link #scrub} removes it from any text. */
    public static void remember(String secret) {
        if (secret != null && secret.length() >= 3) {
            SECRETS.add(secret);
            try {
                String decoded = URLDecoder.decode(secret, StandardCharsets.UTF_8);
                if (!decoded.equals(secret)) {
                    SECRETS.add(decoded);
                }
            } catch (IllegalArgumentException notEncoded) {
                // a '%' that starts no escape (a secret "50%off"): the text is not URL-encoded, so it has no other form
            }
        }
    }

    /** The text with every URI's password and every remembered secret replaced by {@code ***}. */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : SECRETS) {
            result = result.replace(secret, "***");
        }
        Matcher m = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^:@/\\s]*):([^@/\\s]*)@").matcher(result);
        return m.replaceAll("$1$2:***@");
    }
}
