package io.monarch.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** monarch's own version, written into tracking documents and manifests. */
public final class MonarchVersion {
    public static final String VERSION = read();

    private MonarchVersion() {
    }

    private static String read() {
        try (InputStream in = MonarchVersion.class.getResourceAsStream("/io/monarch/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
