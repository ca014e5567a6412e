package io.monarch.codegen;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import io.monarch.api.Migration;
import io.monarch.api.MigrationContext;
import io.monarch.api.MonarchException;
import io.monarch.api.RepeatableMigration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code M<UTC yyyyMMddHHmmss>_<Name>.java}, a class extending {@link Migration}, or {@code R_<Name>.java},
 * one extending {@link RepeatableMigration}, ready to fill in.
 */
public final class MigrationGenerator {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern VERSIONED_FILE = Pattern.compile("M(\\d{14})_[A-Za-z0-9_]+\\.java");
    // what the commented examples use, imported whatever the template says: an example must compile once uncommented
    private static final String INDEXES = "com.mongodb.client.model.Indexes";
    private static final String AGGREGATES = "com.mongodb.client.model.Aggregates";
    private static final String FILTERS = "com.mongodb.client.model.Filters";
    private static final String LIST = "java.util.List";

    private MigrationGenerator() {
    }

    /**
     * {@code M<UTC yyyyMMddHHmmss>_<Name>}: the timestamp orders migrations, so it is {@code now}, or one second past
     * the newest migration of the folder when that is not earlier (two generated in one second, or a clock behind).
     */
    static String className(Path migrationsDir, String name, Instant now) {
        Instant stamp = now.truncatedTo(ChronoUnit.SECONDS);
        Instant newest = newestStamp(migrationsDir);
        if (newest != null && !stamp.isAfter(newest)) {
            stamp = newest.plusSeconds(1);
        }
        return "M" + STAMP.format(stamp) + "_" + name;
    }

    private static Instant newestStamp(Path migrationsDir) {
        if (!Files.isDirectory(migrationsDir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(migrationsDir)) {
            return files.map(p -> VERSIONED_FILE.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> m.group(1)).max(String::compareTo)
                    .map(s -> LocalDateTime.parse(s, DateTimeFormatter.ofPattern("yyyyMMddHHmmss")).toInstant(ZoneOffset.UTC))
                    .orElse(null);
        } catch (IOException | RuntimeException e) {
            throw MonarchException.failed("cannot list " + migrationsDir + ": " + e.getMessage(), e);
        }
    }

    public static Path generate(Path migrationsDir, Path templatesDir, String typedName, Instant now) {
        String name = Names.toClassName(typedName);
        String className = className(migrationsDir, name, now);
        MethodSpec run = runMethod("The change, e.g.:", "db.getCollection(\"users\").createIndex(Indexes.ascending(\"email\"));");
        TypeSpec type = TypeSpec.classBuilder(className)
                .addModifiers(Modifier.PUBLIC)
                .superclass(Migration.class)
                .addJavadoc("$L, created $L.\n\n", name, DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)))
                .addJavadoc("Its name is its identity in every environment: never rename it, and never change it once\n")
                .addJavadoc("applied (write a new migration instead). Override {@code rollback(MigrationContext)} to make\n")
                .addJavadoc("it undoable, and {@code transactionMode()} to run it in one transaction (ALWAYS, or AUTO: where the\n")
                .addJavadoc("server has transactions).\n")
                .addMethod(run)
                .build();
        return SourceWriter.write(migrationsDir, type, Template.load(templatesDir, "migration").withImports(INDEXES));
    }

    /** A template's {@code run(MigrationContext)}: the database at hand, these comment lines, a log line. */
    private static MethodSpec runMethod(String... comments) {
        MethodSpec.Builder run = MethodSpec.methodBuilder("run")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(MigrationContext.class, "context")
                .addException(Exception.class)
                .addStatement("$T db = context.database()", ClassName.get("com.mongodb.client", "MongoDatabase"));
        for (String comment : comments) {
            run.addComment(comment);
        }
        return run.addStatement("context.log($S)", "nothing to do yet").build();
    }

    /** Writes {@code R_<Name>.java}: a repeatable migration, run again whenever its source changes. */
    public static Path generateRepeatable(Path migrationsDir, Path templatesDir, String typedName, Instant now) {
        String name = Names.toClassName(typedName);
        MethodSpec run = runMethod("Runs again whenever this file changes, so it must be safe to run over its own earlier result, e.g.:",
                "db.getCollection(\"orders_view\").drop();",
                "db.createView(\"orders_view\", \"orders\", List.of(Aggregates.match(Filters.eq(\"open\", true))));");
        TypeSpec type = TypeSpec.classBuilder("R_" + name)
                .addModifiers(Modifier.PUBLIC)
                .superclass(RepeatableMigration.class)
                .addJavadoc("$L, created $L.\n\n", name, DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)))
                .addJavadoc("A repeatable migration: {@code migrate} runs it again whenever this file changes, after every\n")
                .addJavadoc("pending versioned migration. Its name is its identity in every environment: never rename it.\n")
                .addMethod(run)
                .build();
        return SourceWriter.write(migrationsDir, type, Template.load(templatesDir, "migration").withImports(AGGREGATES, FILTERS, LIST));
    }
}
