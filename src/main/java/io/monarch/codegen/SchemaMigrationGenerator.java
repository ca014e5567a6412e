package io.monarch.codegen;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import io.monarch.api.Migration;
import io.monarch.api.MigrationContext;
import io.monarch.api.MonarchException;
import org.bson.BsonDocument;

import javax.lang.model.element.Modifier;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Writes the migration a schema plan makes: {@code run()} runs each change's commands in order and
 * {@code rollback()} runs their inverses, newest first. Each command is written as the JSON
 * {@code db.runCommand} takes, so the file reads as the MongoDB manual does and runs on any server.
 */
public final class SchemaMigrationGenerator {
    private static final ClassName MONGO_DATABASE = ClassName.get("com.mongodb.client", "MongoDatabase");
    private static final ClassName DOCUMENT = ClassName.get("org.bson", "Document");
    private static final JsonLayout JSON = new JsonLayout(100);

    private SchemaMigrationGenerator() {
    }

    /** One change of a plan: the line that names it, the statements of run() and those that undo them. */
    public record Change(String comment, List<Statement> run, List<Statement> rollback) {
    }

    /** A statement of the generated code: a command, or the check that a collection is empty before it is dropped. */
    public sealed interface Statement {
        record Command(BsonDocument command) implements Statement {
        }

        record RequireEmpty(String collection) implements Statement {
        }
    }

    /**
     * @param planned what the plan compared, for the class comment, e.g. "the schema files against app_dev"
     * @param summary the plan as printed, one line each, for the class comment
     */
    public static Path generate(Path migrationsDir, Path templatesDir, String typedName, Instant now, String planned,
                                List<String> summary, List<Change> changes) {
        String name = Names.toClassName(typedName);
        if (changes.stream().allMatch(c -> c.run().isEmpty())) {
            throw MonarchException.usage("nothing to generate: the plan has no change a migration can make");
        }
        boolean dropsCollections = changes.stream().flatMap(c -> java.util.stream.Stream.concat(c.run().stream(), c.rollback().stream()))
                .anyMatch(s -> s instanceof Statement.RequireEmpty);
        MethodSpec.Builder run = body(MethodSpec.methodBuilder("run"));
        for (Change change : changes) {
            if (change.run().isEmpty()) {
                run.addComment("not done here: $L", change.comment());
                continue;
            }
            run.addComment("$L", change.comment());
            change.run().forEach(s -> run.addCode(statement(s)));
        }
        MethodSpec.Builder rollback = body(MethodSpec.methodBuilder("rollback"));
        for (int i = changes.size() - 1; i >= 0; i--) {
            Change change = changes.get(i);
            if (!change.rollback().isEmpty()) {
                rollback.addComment("undoes $L", change.comment());
                change.rollback().forEach(s -> rollback.addCode(statement(s)));
            }
        }
        TypeSpec.Builder type = TypeSpec.classBuilder(MigrationGenerator.className(migrationsDir, name, now))
                .addModifiers(Modifier.PUBLIC)
                .superclass(Migration.class)
                .addJavadoc("$L, created $L from $L.\n\n", name, DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)),
                        javadocSafe(planned))
                .addJavadoc("<pre>\n");
        summary.forEach(line -> type.addJavadoc("$L\n", javadocSafe(line)));
        type.addJavadoc("</pre>\n")
                .addJavadoc("Its name is its identity in every environment: never rename it, and never change it once applied\n")
                .addJavadoc("(change the schema files and generate a new one instead).\n")
                .addMethod(run.build())
                .addMethod(rollback.build());
        if (dropsCollections) {
            type.addMethod(requireEmpty());
        }
        return SourceWriter.write(migrationsDir, type.build(), Template.load(templatesDir, "migration"));
    }

    private static MethodSpec.Builder body(MethodSpec.Builder method) {
        return method.addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(MigrationContext.class, "context")
                .addStatement("$T db = context.database()", MONGO_DATABASE);
    }

    private static CodeBlock statement(Statement statement) {
        if (statement instanceof Statement.RequireEmpty empty) {
            return CodeBlock.builder().addStatement("requireEmpty(db, $S)", empty.collection()).build();
        }
        BsonDocument command = ((Statement.Command) statement).command();
        return CodeBlock.builder().addStatement("db.runCommand($T.parse($L))", DOCUMENT, textBlock(JSON.layout(command))).build();
    }

    /** A Java text block holding the JSON as it is: backslashes doubled, and no '"""' to end it early. */
    private static String textBlock(String json) {
        String escaped = json.replace("\\", "\\\\").replace("\"\"\"", "\\\"\"\"");
        return "\"\"\"\n" + escaped + "\n\"\"\"";
    }

    private static MethodSpec requireEmpty() {
        return MethodSpec.methodBuilder("requireEmpty")
                .addJavadoc("Stops before a drop that would lose documents: a schema change never deletes data.\n")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(MONGO_DATABASE, "db")
                .addParameter(String.class, "collection")
                .beginControlFlow("if (db.getCollection(collection).find().limit(1).first() != null)")
                .addStatement("throw new $T(collection + $S)", IllegalStateException.class,
                        " holds documents; this migration drops only empty collections: move or delete them first")
                .endControlFlow()
                .build();
    }

    private static String javadocSafe(String text) {
        return text.replace("*/", "*&#47;");
    }
}
