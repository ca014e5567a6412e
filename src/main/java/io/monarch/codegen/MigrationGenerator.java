package io.monarch.codegen;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import io.monarch.api.Migration;
import io.monarch.api.MigrationContext;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import javax.lang.model.element.Modifier;

/** Writes {@code M<UTC yyyyMMddHHmmss>_<Name>.java}: a class extending {@link Migration}, ready to fill in. */
public final class MigrationGenerator {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private MigrationGenerator() {
    }

    /** {@code M<UTC yyyyMMddHHmmss>_<Name>}: the timestamp orders migrations. */
    static String className(String name, Instant now) {
        return "M" + STAMP.format(now) + "_" + name;
    }

    public static Path generate(Path migrationsDir, Path templatesDir, String typedName, Instant now) {
        String name = Names.toClassName(typedName);
        String className = className(name, now);
        ClassName mongoDatabase = ClassName.get("com.mongodb.client", "MongoDatabase");
        MethodSpec run = MethodSpec.methodBuilder("run")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(MigrationContext.class, "context")
                .addException(Exception.class)
                .addStatement("$T db = context.database()", mongoDatabase)
                .addComment("The change, e.g.:")
                .addComment("db.getCollection(\"users\").createIndex(Indexes.ascending(\"email\"));")
                .addStatement("context.log($S)", name + ": nothing to do yet")
                .build();
        TypeSpec type = TypeSpec.classBuilder(className)
                .addModifiers(Modifier.PUBLIC)
                .superclass(Migration.class)
                .addJavadoc("$L, created $L.\n\n", name, DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)))
                .addJavadoc("Its name is its identity in every environment: never rename it, and never change it once\n")
                .addJavadoc("applied (write a new migration instead). Override {@code rollback(MigrationContext)} to make\n")
                .addJavadoc("it undoable, and {@code transactional()} to run it in one transaction on a replica set.\n")
                .addMethod(run)
                .build();
        return SourceWriter.write(migrationsDir, type, Template.load(templatesDir, "migration"));
    }
}
