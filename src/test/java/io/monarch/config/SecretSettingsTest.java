package io.monarch.config;

import io.monarch.support.InProcessMongo;
import io.monarch.support.SecretsManagerTestServer;
import io.monarch.support.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An environment's uri read from AWS Secrets Manager ({@code ${aws-secretsmanager:...}}, through the SDK, from an
 * in-process server that speaks its protocol) or from a file ({@code ${file:...}}): read only by the commands that
 * use the environment, once per process, and never printed.
 */
class SecretSettingsTest {
    /** In every secret value, so that a test can tell whether any output holds it. */
    private static final String MARKER = "mk7Qz9sEcret";

    @TempDir
    Path dir;
    @RegisterExtension
    final InProcessMongo mongo = new InProcessMongo();
    SecretsManagerTestServer aws;
    TestProject project;
    final List<TestProject.Run> runs = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        aws = SecretsManagerTestServer.start();
        project = new TestProject(dir);
        project.migration("M20260101000000_CreateThing", "context.database().getCollection(\"things\").insertOne(new org.bson.Document());");
    }

    @AfterEach
    void noOutputHoldsASecret() {
        aws.close();
        for (TestProject.Run run : runs) {
            assertFalse(run.all().contains(MARKER), "a secret's value was printed: " + run.all());
        }
    }

    /** The mongo server's uri, made unique to this test's secret (the driver ignores appName). */
    private String secretUri() {
        return mongo.uri() + "/?appName=" + MARKER;
    }

    private void settings(String productionUri) {
        project.settings("""
                environments:
                  development:
                    uri: %s
                    database: app_dev
                  production:
                    uri: %s
                    database: app
                secrets:
                  aws:
                    region: %s
                    endpoint: %s
                """.formatted(mongo.uri(), productionUri, SecretsManagerTestServer.REGION, aws.endpoint()));
    }

    private TestProject.Run run(String... args) {
        TestProject.Run run = project.run(args);
        runs.add(run);
        return run;
    }

    @Test
    void aCommandConnectsWithAUriReadFromSecretsManagerOncePerProcess() {
        aws.put("prod/mongo-uri", secretUri());
        settings("${aws-secretsmanager:prod/mongo-uri}");
        TestProject.Run migrate = run("migrate", "production");
        assertEquals(0, migrate.exitCode(), migrate.all());
        assertTrue(databases().contains("app"), databases().toString());
        assertEquals(List.of("prod/mongo-uri"), aws.requested(), "one signed request for the whole command");
        TestProject.Run list = run("list_migrations", "production");
        assertEquals(0, list.exitCode(), list.all());
        assertTrue(list.out().contains("M20260101000000_CreateThing") && list.out().contains("APPLIED"), list.out());
    }

    @Test
    void aJsonKeyPicksOneValueOfAJsonSecretNamedByItsArn() throws Exception {
        aws.put("prod/mongo", """
                {"username": "app", "password": "%s-pw", "uri": "%s", "port": 27017}""".formatted(MARKER, secretUri()));
        settings("${aws-secretsmanager:" + SecretsManagerTestServer.arn("prod/mongo") + "#uri}");
        // an ARN is read in its own region, whatever secrets.aws.region says
        project.settings(Files.readString(project.settingsFile()).replace("region: " + SecretsManagerTestServer.REGION, "region: eu-west-1"));
        TestProject.Run migrate = run("migrate", "production");
        assertEquals(0, migrate.exitCode(), migrate.all());
        assertTrue(databases().contains("app"), databases().toString());
        assertEquals(List.of(SecretsManagerTestServer.arn("prod/mongo")), aws.requested());
        assertEquals(List.of(SecretsManagerTestServer.REGION), aws.signedFor());
    }

    @Test
    void aFileSecretIsReadWithItsTrailingNewlineTrimmed() throws Exception {
        project.write("run/secrets/mongo_uri", secretUri() + "\n");
        settings("${file:" + dir.resolve("run/secrets/mongo_uri") + "}");
        TestProject.Run migrate = run("migrate", "production");
        assertEquals(0, migrate.exitCode(), migrate.all());
        assertTrue(databases().contains("app"), databases().toString());

        settings("${file:run/secrets/mongo_uri}");   // relative: to the project folder
        TestProject.Run again = run("list_migrations", "production");
        assertEquals(0, again.exitCode(), again.all());
        assertTrue(again.out().contains("APPLIED"), again.out());
    }

    @Test
    void partsOfAUriMayComeFromSecrets() {
        String port = mongo.uri().substring(mongo.uri().lastIndexOf(':') + 1);
        aws.put("prod/db", """
                {"port": %s, "name": "app", "password": "%s"}""".formatted(port, MARKER));
        settings("mongodb://127.0.0.1:${aws-secretsmanager:prod/db#port}/?appName=${aws-secretsmanager:prod/db#name}");
        TestProject.Run migrate = run("migrate", "production");
        assertEquals(0, migrate.exitCode(), migrate.all());
        assertTrue(migrate.out().contains("applied 1 migration"), "a short piece is not scrubbed from every word: " + migrate.out());
        assertTrue(databases().contains("app"), databases().toString());
        assertEquals(List.of("prod/db"), aws.requested(), "two keys of one secret: one request");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not found          | ${aws-secretsmanager:prod/nothing-here}      | has no secret 'prod/nothing-here' (region us-east-1)
            access denied      | ${aws-secretsmanager:prod/denied}            | access denied to the secret 'prod/denied' (region us-east-1); check the AWS credentials
            endpoint down      | ${aws-secretsmanager:prod/mongo-uri}         | cannot read the secret 'prod/mongo-uri'
            missing json key   | ${aws-secretsmanager:prod/json#url}          | has no key 'url'; its keys are: uri, password
            not json           | ${aws-secretsmanager:prod/mongo-uri#uri}     | is not a JSON object
            missing file       | ${file:/run/secrets/monarch-no-such-file}    | /run/secrets/monarch-no-such-file does not exist
            empty file         | ${file:empty}                                | is empty
            not a uri          | ${aws-secretsmanager:prod/not-a-uri}         | the value of ${aws-secretsmanager:prod/not-a-uri} is not a MongoDB URI
            malformed uri      | ${aws-secretsmanager:prod/malformed}         | the value of ${aws-secretsmanager:prod/malformed} is malformed
            """)
    void aSecretThatCannotBeUsedStopsWithTheFileAndLine(String name, String uri, String says) throws Exception {
        aws.put("prod/mongo-uri", secretUri()).put("prod/denied", secretUri()).deny("prod/denied")
                .put("prod/json", "{\"uri\": \"" + secretUri() + "\", \"password\": \"" + MARKER + "\"}")
                .put("prod/not-a-uri", "localhost:27017/" + MARKER)
                .put("prod/malformed", "mongodb://admin:" + MARKER + "@");
        project.write("empty", "\n");
        settings(uri);
        if (name.equals("endpoint down")) {
            project.settings(Files.readString(project.settingsFile()).replace(aws.endpoint(), "http://127.0.0.1:1"));
        }
        for (String[] command : List.of(new String[]{"migrate", "production"}, new String[]{"list_migrations", "production"},
                new String[]{"backup", "production"})) {
            TestProject.Run run = run(command);
            assertEquals(2, run.exitCode(), name + ": " + run.all());
            assertTrue(run.err().contains("settings.yml:6: environments.production.uri"), name + " names file and line: " + run.err());
            assertTrue(run.err().contains(says), name + ": " + run.err());
            assertFalse(run.err().contains("Exception"), name + " says it in words: " + run.err());
        }
        assertEquals(List.of(), databases(), "nothing was created on the server");
    }

    @Test
    void aSecretIsNeverPrintedEvenWhenConnectingFails() {
        String password = MARKER + "-Passw0rd";
        // a server nobody listens on, so that connecting fails and the driver's error is printed too
        aws.put("prod/mongo-uri", "mongodb://admin:" + password + "@127.0.0.1:1/?serverSelectionTimeoutMS=300&connectTimeoutMS=300");
        settings("${aws-secretsmanager:prod/mongo-uri}");
        TestProject.Run table = run("list_environments");
        TestProject.Run json = run("list_environments", "--json");
        for (String[] command : List.of(new String[]{"migrate", "production"}, new String[]{"list_migrations", "production"},
                new String[]{"backup", "production"}, new String[]{"status", "production"})) {
            TestProject.Run run = run(command);
            assertTrue(run.exitCode() != 0, run.all());
        }
        assertEquals(0, table.exitCode(), table.all());
        assertTrue(table.out().contains("${aws-secretsmanager:prod/mongo-uri}"), "listed as its reference: " + table.out());
        assertTrue(json.out().contains("\"uri\": \"${aws-secretsmanager:prod/mongo-uri}\""), json.out());
    }

    @Test
    void anUnreadableSecretStopsOnlyTheCommandsThatUseItsEnvironment() {
        project.settings("""
                environments:
                  development:
                    uri: %s
                    database: app_dev
                  production:
                    uri: ${aws-secretsmanager:prod/mongo-uri}
                    database: app
                  staging:
                    uri: ${file:/run/secrets/monarch-no-such-file}
                    database: app
                secrets:
                  aws:
                    region: eu-west-1
                    endpoint: http://127.0.0.1:1
                """.formatted(mongo.uri()));
        TestProject.Run migrate = run("migrate", "development");
        assertEquals(0, migrate.exitCode(), migrate.all());
        TestProject.Run list = run("list_environments");
        assertEquals(0, list.exitCode(), list.all());
        assertTrue(list.out().contains("${aws-secretsmanager:prod/mongo-uri}") && list.out().contains("${file:/run/secrets/monarch-no-such-file}"),
                list.out());
        assertEquals(2, run("migrate", "production").exitCode());
        assertEquals(2, run("migrate", "staging").exitCode());
        assertEquals(List.of("app_dev"), databases());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no secret name      | 6  | ${aws-secretsmanager:} | names no secret
            no json key         | 6  | ${aws-secretsmanager:prod/x#} | names no JSON key after '#'
            no file             | 6  | ${file:} | names no file
            unknown source      | 6  | ${vault:prod/x} | '${vault:' is not a source monarch reads
            unknown aws key     | 12 | ${aws-secretsmanager:prod/x} | unknown key 'regoin' under secrets.aws (did you mean 'region'?)
            endpoint not a url  | 13 | ${aws-secretsmanager:prod/x} | secrets.aws.endpoint 'localhost:4566' is not a URL
            """)
    void aMalformedReferenceOrSecretsSettingStopsEveryCommand(String name, int line, String uri, String says) {
        String aws = switch (name) {
            case "unknown aws key" -> "    regoin: eu-west-1\n";
            case "endpoint not a url" -> "    region: eu-west-1\n    endpoint: localhost:4566\n";
            default -> "    region: eu-west-1\n";
        };
        project.settings("""
                environments:
                  development:
                    uri: %s
                    database: app_dev
                  production:
                    uri: %s
                    database: app
                migrations:
                  directory: migrations
                secrets:
                  aws:
                %s""".formatted(mongo.uri(), uri, aws));
        TestProject.Run run = run("migrate", "development");
        assertEquals(2, run.exitCode(), name + ": " + run.all());
        assertTrue(run.err().contains("settings.yml:" + line + ":"), name + " names file and line: " + run.err());
        assertTrue(run.err().contains(says), name + ": " + run.err());
        assertEquals(List.of(), databases());
    }

    private List<String> databases() {
        try (var client = mongo.client()) {
            return client.listDatabaseNames().into(new ArrayList<>());
        }
    }
}
