package io.monarch.config;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import io.monarch.mongo.EmbeddedUri;
import io.monarch.mongo.Redaction;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Whether an environment's uri is one monarch can connect to: checked as the settings load, or once its secrets are read. */
final class UriCheck {
    /** What a message quotes: 'text' or "text" (the driver quotes parts of the uri it could not parse). */
    private static final Pattern QUOTED = Pattern.compile("'([^']+)'|\"([^\"]+)\"");
    /** The user information of a uri, even one too malformed to parse: up to the last '@' before the host. */
    private static final Pattern USER_INFO = Pattern.compile("^([^/?#]*)@");
    private static final String FORMS = "a MongoDB URI is mongodb://host:27017, mongodb+srv://cluster.example.net or embedded:<folder>";

    private UriCheck() {
    }

    /**
     * @param where  {@code environments.<name>}
     * @param source the uri as written when it holds secret references (named instead of the value); null when it holds none
     */
    static void check(Path file, int line, String where, String uri, String source) {
        String problem = source == null ? problem(where + ".uri", uri, false) : problem(where + ".uri: the value of " + source, uri, true);
        if (problem != null) {
            throw new SettingsException(file, line, problem);
        }
    }

    /**
     * What is wrong with the uri, or null when nothing is.
     *
     * @param subject how the message names the uri ({@code environments.staging.uri: the value of ${STAGING_URI}})
     * @param hidden  the uri came from a variable or a secret: the message says what is wrong without quoting the uri
     *                or any part of it, however malformed (a password pasted in the wrong place is still a password)
     */
    static String problem(String subject, String uri, boolean hidden) {
        rememberPassword(uri);
        if (hidden) {
            Redaction.remember(uri);
        }
        if (uri.startsWith(EmbeddedUri.SCHEME)) {
            return uri.length() == EmbeddedUri.SCHEME.length()
                    ? subject + " names no folder after 'embedded:'; write embedded:memory or embedded:.monarch/<name>" : null;
        }
        if (!uri.startsWith("mongodb://") && !uri.startsWith("mongodb+srv://")) {
            return subject + (hidden ? "" : " '" + Redaction.scrub(uri) + "'") + " is not a MongoDB URI (" + beginning(uri) + "); " + FORMS;
        }
        try {
            // the client's settings check more than the string's syntax (an SRV host needs three parts)
            MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri)).build();
            return null;
        } catch (RuntimeException e) {
            String why = Redaction.scrub(String.valueOf(e.getMessage())).replaceAll("[.\\s]+$", "");
            return subject + " is malformed: " + (hidden ? unquoted(why, uri) : why)
                    + "; see https://www.mongodb.com/docs/manual/reference/connection-string/";
        }
    }

    /** How a uri that is not a MongoDB one begins, told without quoting it. */
    private static String beginning(String uri) {
        if (uri.isBlank()) {
            return "it is empty";
        }
        if (uri.startsWith("mongodb")) {
            return "it starts with 'mongodb' but not with 'mongodb://' or 'mongodb+srv://': a ':' or a '/' is missing";
        }
        return "it does not start with mongodb://, mongodb+srv:// or embedded:";
    }

    /** The driver's message without the parts of the uri it quotes. */
    private static String unquoted(String message, String uri) {
        Matcher m = QUOTED.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String quoted = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(uri.contains(quoted) ? "'(a part of the value)'" : m.group()));
        }
        return m.appendTail(out).toString();
    }

    /**
     * Remembers the password of a uri so that no message prints it, even of a uri the driver cannot parse
     * ({@code mongodb//user:password@host}, a password with an '@' not percent-encoded).
     */
    static void rememberPassword(String uri) {
        Redaction.redactUri(uri);
        int slashes = uri.indexOf("//");
        Matcher m = USER_INFO.matcher(slashes >= 0 && slashes < uri.indexOf('@') ? uri.substring(slashes + 2) : uri);
        if (m.find()) {
            String userInfo = m.group(1);
            int colon = userInfo.indexOf(':');
            String password = colon >= 0 ? userInfo.substring(colon + 1) : null;
            if (password != null && !password.contains("${")) {
                Redaction.remember(password);
            }
        }
    }
}
