package io.monarch.codegen;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import io.monarch.api.Migration;
import io.monarch.api.MigrationContext;
import io.monarch.api.MonarchException;
import io.monarch.api.SchemaSteps;
import org.bson.BsonDocument;

import javax.lang.model.element.Modifier;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the migration a schema plan makes: {@code run()} makes each change through {@link SchemaSteps}, which checks
 * what the database already has first (so that the migration runs on every environment and on a fresh tenant), and
 * {@code rollback()} undoes them, newest first, with the same checks. Each document is written as the JSON the MongoDB
 * manual shows, so the file reads as it does.
 */
public final class SchemaMigrationGenerator {
    private static final ClassName DOCUMENT = ClassName.get("org.bson", "Document");
    private static final JsonLayout JSON = new JsonLayout(100);

    private SchemaMigrationGenerator() {
    }

    /** One change of a plan: the line that names it, the calls of run() that make it and those of rollback() that undo it. */
    public record Change(String comment, List<Call> run, List<Call> rollback) {
    }

    /**
     * A call on the migration's {@link SchemaSteps}, e.g. {@code steps.createIndex("users", {...})}: the method, the
     * collection or view it is about, and its documents.
     */
    public record Call(String method, String collection, List<BsonDocument> documents) {
        public Call {
            documents = List.copyOf(documents);
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
        MethodSpec.Builder run = body(MethodSpec.methodBuilder("run"));
        for (Change change : changes) {
            if (change.run().isEmpty()) {
                run.addComment("not done here: $L", change.comment());
                continue;
            }
            run.addComment("$L", change.comment());
            change.run().forEach(call -> run.addCode(call(call)));
        }
        MethodSpec.Builder rollback = body(MethodSpec.methodBuilder("rollback"));
        for (int i = changes.size() - 1; i >= 0; i--) {
            Change change = changes.get(i);
            if (!change.rollback().isEmpty()) {
                rollback.addComment("undoes $L", change.comment());
                change.rollback().forEach(call -> rollback.addCode(call(call)));
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
                .addJavadoc("(change the schema files and generate a new one instead).\n\n")
                .addJavadoc("Each step first looks at what the database has: there as declared, it is skipped with a line; there but\n")
                .addJavadoc("different, the migration stops naming both ({@link $T}). So it also runs where part of it exists.\n",
                        SchemaSteps.class)
                .addMethod(run.build())
                .addMethod(rollback.build());
        return SourceWriter.write(migrationsDir, type.build(), Template.load(templatesDir, "migration"));
    }

    private static MethodSpec.Builder body(MethodSpec.Builder method) {
        return method.addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(MigrationContext.class, "context")
                .addStatement("$T steps = new $T(context)", SchemaSteps.class, SchemaSteps.class);
    }

    private static CodeBlock call(Call call) {
        StringBuilder format = new StringBuilder("steps.$L($S");
        List<Object> args = new ArrayList<>(List.of(call.method(), call.collection()));
        for (BsonDocument document : call.documents()) {
            if (document.isEmpty()) {
                format.append(", new $T()");
                args.add(DOCUMENT);
            } else {
                format.append(", $T.parse($L)");
                args.add(DOCUMENT);
                args.add(textBlock(JSON.layout(document)));
            }
        }
        return CodeBlock.builder().addStatement(format.append(")").toString(), args.toArray()).build();
    }

    /** A Java text block holding the JSON as it is: backslashes doubled, and no '"""' to end it early. */
    private static String textBlock(String json) {
        String escaped = json.replace("\\", "\\\\").replace("\"\"\"", "\\\"\"\"");
        return "\"\"\"\n" + escaped + "\n\"\"\"";
    }

    private static String javadocSafe(String text) {
        return text.replace("*/", "*&#47;");
    }
}
