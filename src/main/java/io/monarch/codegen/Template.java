package io.monarch.codegen;

import io.monarch.api.MonarchException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a generated file that a team may want to change, from {@code templates/<kind>.yml}:
 * {@code header} (a comment above the class), {@code package} and {@code imports}. Missing file → the
 * defaults monarch ships.
 */
public record Template(String header, String packageName, List<String> imports) {
    private static final Set<String> KEYS = Set.of("header", "package", "imports");

    public static Template load(Path templatesDir, String kind) {
        Path file = templatesDir.resolve(kind + ".yml");
        try (Reader reader = Files.exists(file) ? Files.newBufferedReader(file)
                : new InputStreamReader(builtIn(kind), StandardCharsets.UTF_8)) {
            Object parsed = new Yaml(new LoaderOptions()).load(reader);
            if (!(parsed instanceof Map<?, ?> map)) {
                throw MonarchException.usage(file + ": write 'header:', 'package:' and 'imports:' keys");
            }
            for (Object key : map.keySet()) {
                if (!KEYS.contains(String.valueOf(key))) {
                    throw MonarchException.usage(file + ": unknown key '" + key + "'; the keys are header, package, imports");
                }
            }
            Object imports = map.get("imports");
            List<String> importList = imports instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
            return new Template(map.get("header") == null ? "" : String.valueOf(map.get("header")),
                    map.get("package") == null ? "" : String.valueOf(map.get("package")), importList);
        } catch (YAMLException e) {
            throw MonarchException.usage(file + ": not valid YAML: " + e.getMessage());
        } catch (IOException e) {
            throw MonarchException.failed("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * This template with these imports too: those the generated file's commented example needs, so that it compiles once
     * uncommented whatever a team's template lists.
     */
    public Template withImports(String... more) {
        List<String> all = new java.util.ArrayList<>(imports);
        for (String imp : more) {
            if (!all.contains(imp)) {
                all.add(imp);
            }
        }
        return new Template(header, packageName, List.copyOf(all));
    }

    private static InputStream builtIn(String kind) {
        InputStream in = Template.class.getResourceAsStream("/io/monarch/templates/" + kind + ".yml");
        if (in == null) {
            throw new IllegalStateException("no built-in template " + kind);
        }
        return in;
    }
}
