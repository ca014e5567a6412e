package io.monarch.codegen;

import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.TypeSpec;
import io.monarch.api.MonarchException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Writes a JavaPoet type as a source file, with the template's header and its default imports. */
final class SourceWriter {
    private SourceWriter() {
    }

    static Path write(Path directory, TypeSpec type, Template template) {
        JavaFile.Builder builder = JavaFile.builder(template.packageName(), type).skipJavaLangImports(true).indent("    ");
        if (!template.header().isBlank()) {
            builder.addFileComment("$L", template.header().strip());
        }
        String source = withImports(builder.build().toString(), template.imports());
        Path file = directory.resolve(type.name + ".java");
        try {
            Files.createDirectories(directory);
            Files.writeString(file, source, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw MonarchException.usage(file + " already exists; choose another name");
        } catch (IOException e) {
            throw MonarchException.failed("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /**
     * JavaPoet imports only the types the code names; a template's default imports are for the code the user
     * will write, so they are added after JavaPoet's own.
     */
    private static String withImports(String source, List<String> imports) {
        List<String> lines = new ArrayList<>(List.of(source.split("\n", -1)));
        int insertAt = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("import ") || lines.get(i).startsWith("package ")) {
                insertAt = i + 1;
            }
        }
        List<String> added = new ArrayList<>();
        for (String imp : imports) {
            String line = "import " + imp.replaceFirst("^import\\s+", "").replaceFirst(";$", "") + ";";
            if (!lines.contains(line)) {
                added.add(line);
            }
        }
        if (added.isEmpty()) {
            return source;
        }
        if (insertAt < 0) {
            int classLine = 0;
            while (classLine < lines.size() && lines.get(classLine).startsWith("//")) {
                classLine++;
            }
            added.add("");
            lines.addAll(classLine + 1 > lines.size() ? lines.size() : classLine, added);
        } else {
            lines.addAll(insertAt, added);
        }
        return String.join("\n", lines);
    }
}
