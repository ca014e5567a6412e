package io.monarch.config;

import io.monarch.support.ChildJvm;
import io.monarch.support.InProcessMongo;
import io.monarch.support.TestProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

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
            yaml syntax error      | 4 | not valid YAML
            key without its colon  | 4 | not valid YAML: could not find expected ':'
            unclosed quote         | 3 | not valid YAML
            wrong indentation      | 4 | not valid YAML
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
            // the lines the mistakes are on, not the ones where snakeyaml noticed them
            case "key without its colon" -> """
                    environments:
                      development:
                        uri: %s
                        database app
                        protected: true
                    """.formatted(uri);
            case "unclosed quote" -> """
                    environments:
                      development:
                        uri: "%s
                        database: app
                    """.formatted(uri);
            case "wrong indentation" -> """
                    environments:
                      development:
                        uri: %s
                       database: app
                    """.formatted(uri);
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

    /** databases: of a tenant environment, written wrong: exit 2 with its line, before anything connects. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            both database and databases | 5 | has both 'database' and 'databases'; keep one
            one value                   | 4 | environments.tenants.databases is 'tenant_*', one value; write a list or a pattern: databases: {pattern: "tenant_*"}
            a pattern in the list       | 4 | lists 'tenant_*', a pattern
            a name twice                | 4 | names tenant_a twice
            an empty list               | 4 | lists no database
            a bad pattern               | 4 | is not a pattern of database names
            an unknown key              | 4 | unknown key 'patern' under environments.tenants.databases
            """)
    void aBadDatabasesSettingStopsBeforeAnythingConnects(String name, int line, String says) {
        String databases = switch (name) {
            case "both database and databases" -> "databases: [tenant_a]\n    database: app";
            case "one value" -> "databases: tenant_*";
            case "a pattern in the list" -> "databases: [tenant_a, tenant_*]";
            case "a name twice" -> "databases: [tenant_a, tenant_a]";
            case "an empty list" -> "databases: []";
            case "a bad pattern" -> "databases: {pattern: \"tenant/*\"}";
            default -> "databases: {patern: \"tenant_*\"}";
        };
        project.settings("""
                environments:
                  tenants:
                    uri: %s
                    %s
                """.formatted(uri, databases));
        TestProject.Run run = project.run("migrate", "tenants");
        assertEquals(2, run.exitCode(), name + ": " + run.all());
        assertTrue(run.err().contains("settings.yml:" + line + ":"), name + " names file and line: " + run.err());
        assertTrue(run.err().contains(says), name + ": " + run.err());
        assertEquals(List.of(), databases(), "nothing was created on the server");
    }

    /**
     * Files no one would write by hand, and ones that would have silently changed what the settings say: each is
     * exit 2 with the file and line, never a parser's raw exception, and nothing connects.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            environment named twice | 6 | environment 'production' is written twice, at lines 2 and 6
            random bytes            |   | is not UTF-8
            a 60 MB file            | 1 | larger than 1 MiB
            alias bomb              | 8 | aliases (*c)
            latin-1 text            | 4 | the byte 0xE9 is not UTF-8
            utf-16 text             | 1 | UTF-16 text; save it as UTF-8
            a control character     | 4 | U+0001 is not allowed
            nested too deep         | 5 | nested more than
            malformed srv uri       | 3 | SRV host name 'cluster'
            """)
    void aFileThatIsNotSettingsStopsWithItsLine(String name, Integer line, String says) throws Exception {
        String valid = """
                environments:
                  development:
                    uri: %s
                    database: app
                """.formatted(uri);
        byte[] content = switch (name) {
            case "environment named twice" -> """
                    environments:
                      production:
                        uri: %s
                        database: app
                        protected: true
                      production:
                        uri: %s
                        database: app
                    """.formatted(uri, uri).getBytes(StandardCharsets.UTF_8);
            case "random bytes" -> {
                byte[] bytes = new byte[64 * 1024];
                new Random(11).nextBytes(bytes);
                yield bytes;
            }
            case "a 60 MB file" -> {
                StringBuilder big = new StringBuilder(valid);
                String comment = "# " + "x".repeat(97) + "\n";
                while (big.length() < 60_000_000) {
                    big.append(comment);
                }
                yield big.toString().getBytes(StandardCharsets.UTF_8);
            }
            case "alias bomb" -> (valid + """
                    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
                    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
                    """).getBytes(StandardCharsets.UTF_8);
            case "latin-1 text" -> valid.replace("database: app", "database: café").getBytes(StandardCharsets.ISO_8859_1);
            case "utf-16 text" -> valid.getBytes(StandardCharsets.UTF_16);
            case "a control character" -> valid.replace("database: app", "database: app\u0001").getBytes(StandardCharsets.UTF_8);
            case "nested too deep" -> (valid + "migrations: " + "[".repeat(5000) + "]".repeat(5000) + "\n").getBytes(StandardCharsets.UTF_8);
            default -> """
                    environments:
                      development:
                        uri: mongodb+srv://cluster
                        database: app
                    """.getBytes(StandardCharsets.UTF_8);
        };
        Files.write(project.settingsFile(), content);
        for (String[] command : List.of(new String[]{"migrate", "development"}, new String[]{"list_environments"},
                new String[]{"backup", "production"})) {
            TestProject.Run run = project.run(command);
            assertEquals(2, run.exitCode(), name + ": " + run.all());
            String where = line == null ? "settings.yml:[0-9]+: " : "settings.yml:" + line + ": ";
            assertTrue(Pattern.compile(where).matcher(run.err()).find(), name + " names file and line: " + run.err());
            assertTrue(run.err().contains(says), name + ": " + run.err());
            assertFalse(run.err().contains("Exception"), name + " says it in words: " + run.err());
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

    /**
     * A uri whose value comes from a variable, malformed with the password in it: no command prints the value, the
     * message names the variable and what is wrong, and only the commands on that environment stop. Run in a second
     * JVM, since only a process's start sets its environment variables.
     */
    @Test
    void aMalformedUriFromAVariableIsNeverPrintedAndStopsOnlyItsEnvironment() throws Exception {
        String password = "Pw9-xQ7vLm2Tz";
        project.settings("""
                environments:
                  development:
                    uri: %s
                    database: app
                  staging:
                    uri: ${MONARCH_TEST_STAGING_URI}
                    database: app
                """.formatted(uri));
        for (String value : List.of("mongodb//admin:" + password + "@db.example.net/",
                "mongodb://admin:" + password + "@x@db.example.net/", "mongodb://admin:" + password + "%zz@db.example.net/")) {
            ChildRun listed = child(value, "list_environments");
            assertEquals(0, listed.exitCode(), listed.output());
            assertTrue(listed.output().contains("the value of ${MONARCH_TEST_STAGING_URI}"), listed.output());
            ChildRun other = child(value, "validate", "development");
            assertEquals(4, other.exitCode(), "another environment's command works: " + other.output());
            for (String[] command : List.of(new String[]{"migrate", "staging"}, new String[]{"validate", "staging"})) {
                ChildRun run = child(value, command);
                assertEquals(2, run.exitCode(), run.output());
                assertTrue(run.output().contains("settings.yml:6: environments.staging.uri: the value of ${MONARCH_TEST_STAGING_URI}"),
                        "names the file, line and variable: " + run.output());
                assertTrue(run.output().contains(value.startsWith("mongodb//") ? "a ':' or a '/' is missing" : "is malformed: "),
                        "says what is wrong: " + run.output());
                assertFalse(run.output().contains("Exception"), run.output());
            }
            for (ChildRun run : List.of(listed, other, child(value, "list_environments", "--json"))) {
                assertFalse(run.output().contains(password.substring(0, 6)), "no part of the password: " + run.output());
                assertFalse(run.output().contains("db.example.net"), "nor of the value: " + run.output());
            }
        }
    }

    private record ChildRun(int exitCode, String output) {
    }

    /** monarch in a second JVM with MONARCH_TEST_STAGING_URI set to {@code value}; its stdout and stderr together. */
    private ChildRun child(String value, String... args) throws Exception {
        List<String> full = new java.util.ArrayList<>(List.of(args));
        full.addAll(List.of("--settings", project.settingsFile().toString()));
        ProcessBuilder builder = ChildJvm.monarch(full.toArray(String[]::new)).redirectErrorStream(true);
        builder.environment().put("MONARCH_TEST_STAGING_URI", value);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), output);
        return new ChildRun(process.exitValue(), output);
    }

    private List<String> databases() {
        try (var client = com.mongodb.client.MongoClients.create(uri)) {
            return client.listDatabaseNames().into(new java.util.ArrayList<>());
        }
    }
}
