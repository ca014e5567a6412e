package io.monarch.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonString;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * AWS Secrets Manager's GetSecretValue inside the test JVM, on 127.0.0.1, answering its JSON protocol as AWS does
 * ({@code POST /}, {@code X-Amz-Target: secretsmanager.GetSecretValue}, {@code {"SecretId": ...}}; errors as
 * {@code {"__type": ..., "message": ...}} with HTTP 400). monarch reaches it through the real SDK, which finds its
 * credentials in the default chain: here the {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties,
 * set on start; a request not signed (SigV4) with them is refused.
 */
public final class SecretsManagerTestServer implements AutoCloseable {
    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";

    private final HttpServer server;
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private final List<String> signedFor = new CopyOnWriteArrayList<>();

    private SecretsManagerTestServer(HttpServer server) {
        this.server = server;
    }

    public static SecretsManagerTestServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        SecretsManagerTestServer secrets = new SecretsManagerTestServer(http);
        http.createContext("/", secrets::answer);
        http.start();
        System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
        return secrets;
    }

    /** {@code http://127.0.0.1:<port>}, for {@code secrets.aws.endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Stores a secret string under {@code name}; it answers to its name and to {@link #arn}. */
    public SecretsManagerTestServer put(String name, String secretString) {
        values.put(name, secretString);
        return this;
    }

    /** From now on, reading {@code name} is refused as IAM refuses it. */
    public SecretsManagerTestServer deny(String name) {
        denied.add(name);
        return this;
    }

    public static String arn(String name) {
        return "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + name + "-AbCdEf";
    }

    /** The SecretIds asked for, in order, signed requests only. */
    public List<String> requested() {
        return List.copyOf(requested);
    }

    /** The region each request was signed for (its SigV4 credential scope), in order. */
    public List<String> signedFor() {
        return List.copyOf(signedFor);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=" + S3TestServer.ACCESS_KEY + "/")
                    || !authorization.contains("/secretsmanager/aws4_request")) {
                reply(exchange, 400, error("UnrecognizedClientException", "The security token included in the request is invalid."));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())
                    || !"secretsmanager.GetSecretValue".equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"))) {
                reply(exchange, 400, error("UnknownOperationException", "only GetSecretValue is served here"));
                return;
            }
            BsonDocument request = BsonDocument.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String id = request.getString("SecretId").getValue();
            requested.add(id);
            signedFor.add(authorization.split("/")[2]);
            String name = id.startsWith("arn:") ? id.replaceFirst("^arn:aws:secretsmanager:[^:]+:\\d+:secret:", "").replaceFirst("-[A-Za-z0-9]{6}$", "") : id;
            if (denied.contains(name)) {
                reply(exchange, 400, error("AccessDeniedException", "User: arn:aws:iam::" + ACCOUNT + ":user/ci is not authorized "
                        + "to perform: secretsmanager:GetSecretValue on resource: " + name + " because no identity-based policy allows it"));
                return;
            }
            String value = values.get(name);
            if (value == null) {
                reply(exchange, 400, error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
                return;
            }
            reply(exchange, 200, new BsonDocument("ARN", new BsonString(arn(name))).append("Name", new BsonString(name))
                    .append("VersionId", new BsonString("e7ba0d5c-0000-4000-8000-000000000001"))
                    .append("SecretString", new BsonString(value))
                    .append("VersionStages", new BsonArray(List.of(new BsonString("AWSCURRENT"))))
                    .append("CreatedDate", new BsonDouble(1.7e9)));
        }
    }

    private static BsonDocument error(String type, String message) {
        return new BsonDocument("__type", new BsonString(type)).append("message", new BsonString(message));
    }

    private static void reply(HttpExchange exchange, int status, BsonDocument body) throws IOException {
        byte[] bytes = body.toJson().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", "00000000-0000-4000-8000-000000000000");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
