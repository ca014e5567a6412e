package io.monarch.codegen;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import io.monarch.api.QuerySet;
import io.monarch.api.QuerySetContext;

import java.nio.file.Path;
import javax.lang.model.element.Modifier;

/** Writes {@code querysets/<Name>.java}: a QuerySet with an example of each call, ready to edit. */
public final class QuerySetGenerator {
    private QuerySetGenerator() {
    }

    public static Path generate(Path querySetsDir, Path templatesDir, String typedName) {
        String name = Names.toClassName(typedName);
        ClassName filters = ClassName.get("com.mongodb.client.model", "Filters");
        MethodSpec description = MethodSpec.methodBuilder("description")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .addStatement("return $S", name + ": describe what it selects")
                .build();
        MethodSpec run = MethodSpec.methodBuilder("run")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .addParameter(QuerySetContext.class, "context")
                .addException(Exception.class)
                .addComment("Collections not named here are taken whole; call context.skipOthers() to take only these.")
                .addComment("String email = context.prompt(\"Account email?\");   // --param account_email=...")
                .addComment("context.dumpCollection(\"accounts\", Filters.eq(\"email\", email)).exclude(\"passwordHash\");")
                .addComment("context.mask(\"users\", \"email\", Masks.email());")
                .addComment("context.skip(\"audit_log\");")
                .addStatement("context.dumpCollection($S, $T.exists($S)).limit(1000)", "accounts", filters, "_id")
                .build();
        TypeSpec type = TypeSpec.classBuilder(name)
                .addModifiers(Modifier.PUBLIC)
                .superclass(QuerySet.class)
                .addJavadoc("$L: what {@code monarch backup <env> -q $L} and {@code copy_db -q $L} take.\n", name, name, name)
                .addMethod(description)
                .addMethod(run)
                .build();
        // the commented example's Masks, whatever the template imports (Filters is the code's own)
        return SourceWriter.write(querySetsDir, type, Template.load(templatesDir, "query_set").withImports("io.monarch.api.Masks"));
    }
}
