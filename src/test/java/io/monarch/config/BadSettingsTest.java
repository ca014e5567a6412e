package io.monarch.config;

import io.monarch.support.InProcessMongo;
import io.monarch.support.TestProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every bad setting stops the command with exit 2 and a message naming the file, the line and what to write,
 * before anything connects: the server the settings point at never sees a database created.
 */
class BadSettingsTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final InProcessMongo mongo = new InProcessMongo();
    String uri;
    TestProject project;

    @BeforeEach
    void project() {
        uri = mongo.uri();
        project = new TestProject(dir);
        project.migration("M20260101000000_CreateThing", "context.database().getCollection(\"things\").insertOne(new org.bson.Document());");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown key            | 4 | unknown key 'databse'
            missing database       | 3 | has no 'database'
            undefined variable     | 3 | ${NOT_SET_ANYWHERE}
            malformed uri          | 3 | uri
            yaml syntax error      | 5 | not valid YAML
            """)
    void aBadSettingStopsBeforeAnythingConnects(String name, int line, String says) {
        project.settings(switch (name) {
            case "unknown key" -> """
                    environments:
                      development:
                        uri: %s
                        databse: app
                    """.formatted(uri);
            case "missing database" -> """
                    environments:
                      development:
                        uri: %s
                    """.formatted(uri);
            case "undefined variable" -> """
                    environments:
                      development:
                        uri: ${NOT_SET_ANYWHERE}
                        database: app
                    """;
            case "malformed uri" -> """
                    environments:
                      development:
                        uri: mongodb//127.0.0.1:1
                        database: app
                    """;
            default -> """
                    environments:
                      development:
                        uri: %s
                        database: [app
                    """.formatted(uri);
        });
        for (String[] command : List.of(new String[]{"migrate", "development"}, new String[]{"list_migrations", "development"},
                new String[]{"backup", "development"})) {
            TestProject.Run run = project.run(command);
            assertEquals(2, run.exitCode(), name + ": " + run.all());
            assertTrue(run.err().contains("settings.yml:" + line + ":"), name + " names file and line: " + run.err());
            assertTrue(run.err().contains(says), name + ": " + run.err());
        }
        assertEquals(List.of(), databases(), "nothing was created on the server");
    }

    @Test
    void aVariableWithADefaultTakesTheDefault() {
        project.settings("""
                environments:
                  development:
                    uri: ${NOT_SET_ANYWHERE:-%s}
                    database: app
                """.formatted(uri));
        TestProject.Run run = project.run("migrate", "development");
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(databases().contains("app"), databases().toString());
    }

    @Test
    void anUnknownEnvironmentNamesTheOnesThereAre() {
        project.settings("""
                environments:
                  development:
                    uri: %s
                    database: app
                """.formatted(uri));
        TestProject.Run run = project.run("migrate", "prodution");
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.err().contains("prodution") && run.err().contains("development"), run.err());
        assertEquals(List.of(), databases());
    }

    @Test
    void aPasswordNeverAppearsInAnyOutput() {
        String secret = "s3cr3t-Passw0rd";
        // a server nobody listens on, so that connecting fails and the error is printed too
        project.settings("""
                environments:
                  development:
                    uri: %s
                    database: app
                  production:
                    uri: mongodb://admin:%s@127.0.0.1:1/?serverSelectionTimeoutMS=300&connectTimeoutMS=300
                    database: app
                """.formatted(uri.replace("mongodb://", "mongodb://dev:" + secret + "@"), secret));
        List<TestProject.Run> runs = List.of(project.run("list_environments"), project.run("list_environments", "--json"),
                project.run("migrate", "production"), project.run("list_migrations", "production"),
                project.run("backup", "production"), project.run("migrate", "development"));
        for (TestProject.Run run : runs) {
            assertFalse(run.all().contains(secret), run.all());
        }
        assertTrue(runs.get(0).out().contains("***"), runs.get(0).out());
        assertTrue(runs.get(2).exitCode() != 0, runs.get(2).all());
    }

    private List<String> databases() {
        try (var client = com.mongodb.client.MongoClients.create(uri)) {
            return client.listDatabaseNames().into(new java.util.ArrayList<>());
        }
    }
}
