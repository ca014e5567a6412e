package io.monarch.lock;

import io.monarch.api.MonarchVersion;
import org.bson.Document;

import java.net.InetAddress;
import java.util.UUID;

/** Who is running monarch: written into tracking documents and lock documents. */
public record RunBy(String user, String host, long pid, String version, String owner) {

    public static RunBy current() {
        return new RunBy(System.getProperty("user.name", "unknown"), hostName(), ProcessHandle.current().pid(),
                MonarchVersion.VERSION, UUID.randomUUID().toString());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }

    public Document toDocument() {
        return new Document("user", user).append("host", host).append("pid", pid).append("monarchVersion", version);
    }
}
