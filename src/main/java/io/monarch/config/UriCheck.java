package io.monarch.config;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import io.monarch.mongo.EmbeddedUri;
import io.monarch.mongo.Redaction;

import java.nio.file.Path;

/** Whether an environment's uri is one monarch can connect to: checked as the settings load, or once its secrets are read. */
final class UriCheck {
    private UriCheck() {
    }

    /**
     * @param where  {@code environments.<name>}
     * @param source the uri as written when it holds secret references (named instead of the value); null when it holds none
     */
    static void check(Path file, int line, String where, String uri, String source) {
        String subject = source == null ? where + ".uri" : where + ".uri: the value of " + source;
        if (uri.startsWith(EmbeddedUri.SCHEME)) {
            if (uri.length() == EmbeddedUri.SCHEME.length()) {
                throw new SettingsException(file, line, subject + " 'embedded:' names no folder; write "
                        + "embedded:memory or embedded:.monarch/<name>");
            }
            return;
        }
        if (!uri.startsWith("mongodb://") && !uri.startsWith("mongodb+srv://")) {
            throw new SettingsException(file, line, (source == null ? subject + " '" + Redaction.redactUri(uri) + "'" : subject)
                    + " is not a MongoDB URI; write mongodb://host:27017, mongodb+srv://cluster.example.net or embedded:<folder>");
        }
        try {
            // the client's settings check more than the string's syntax (an SRV host needs three parts)
            MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri)).build();
        } catch (RuntimeException e) {
            throw new SettingsException(file, line, subject + " is malformed: "
                    + Redaction.scrub(String.valueOf(e.getMessage())).replaceAll("[.\\s]+$", "")
                    + "; see https://www.mongodb.com/docs/manual/reference/connection-string/");
        }
    }
}
