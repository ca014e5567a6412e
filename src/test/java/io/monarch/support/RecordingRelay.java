package io.monarch.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP/1.1 relay on 127.0.0.1 in front of a test server: passes every byte through both ways and records each
 * request's line and headers as the server receives them, so a test can check what a request carried (an S3
 * upload's server-side encryption headers, say) without mocking the client that sent it.
 */
public final class RecordingRelay implements AutoCloseable {
    /** A request as it went to the server: its request line and its headers (names in lower case). */
    public record Request(String line, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final ServerSocket server;
    private final int targetPort;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());

    private RecordingRelay(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
    }

    /** A relay to {@code endpoint} (http://127.0.0.1:port), accepting connections until closed. */
    public static RecordingRelay to(String endpoint) throws IOException {
        RecordingRelay relay = new RecordingRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                URI.create(endpoint).getPort());
        daemon("relay-accept", relay::accept);
        return relay;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The requests relayed so far, in the order they came. */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                daemon("relay-responses", () -> pump(upstream, client));
                daemon("relay-requests", () -> relayRequests(client, upstream));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Responses go back as they are. */
    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // the other side closed: the connection is over
        } finally {
            closeQuietly(to);
        }
    }

    /** Requests are read one by one: the head is recorded and passed on, then the body, by Content-Length. */
    private void relayRequests(Socket client, Socket upstream) {
        try (InputStream in = new BufferedInputStream(client.getInputStream()); OutputStream out = upstream.getOutputStream()) {
            while (true) {
                byte[] head = readHead(in);
                if (head == null) {
                    return;
                }
                Request request = parse(new String(head, StandardCharsets.ISO_8859_1));
                if (request.header("transfer-encoding") != null) {
                    throw new IllegalStateException("RecordingRelay reads bodies by Content-Length only: " + request.line());
                }
                requests.add(request);
                out.write(head);
                out.flush();
                String length = request.header("content-length");
                long left = length == null ? 0 : Long.parseLong(length.trim());
                byte[] buffer = new byte[64 * 1024];
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        return;
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                }
                out.flush();
            }
        } catch (IOException e) {
            // the other side closed: the connection is over
        } finally {
            closeQuietly(upstream);
        }
    }

    /** The bytes up to and including the blank line that ends a request's head; null at the end of the connection. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 64 * 1024) {
                throw new IOException("a request head over 64 KiB");
            }
        }
        return head.toByteArray();
    }

    private static Request parse(String head) {
        String[] lines = head.split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return new Request(lines[0], headers);
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            sockets.forEach(RecordingRelay::closeQuietly);
        }
    }
}
