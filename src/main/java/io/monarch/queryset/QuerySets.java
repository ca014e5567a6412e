package io.monarch.queryset;

import io.monarch.api.MonarchException;
import io.monarch.api.QuerySet;
import io.monarch.migrate.Hashing;
import io.monarch.migrate.JavaSourceCompiler;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The QuerySets of {@code migrations/querysets/}: compiled (or cached) like migrations, loaded by name. */
public final class QuerySets {
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    private final Path directory;
    private final JavaSourceCompiler compiler;

    public QuerySets(Path directory, JavaSourceCompiler compiler) {
        this.directory = directory;
        this.compiler = compiler;
    }

    /** A QuerySet source file. */
    public record Source(String name, Path path, String binaryName, String sha256) {
    }

    public List<Source> sources() {
        List<Source> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path p : files.sorted().toList()) {
                String file = p.getFileName().toString();
                if (file.endsWith(".java")) {
                    byte[] bytes = Files.readAllBytes(p);
                    String name = file.substring(0, file.length() - 5);
                    Matcher m = PACKAGE.matcher(new String(bytes, StandardCharsets.UTF_8));
                    found.add(new Source(name, p, m.find() ? m.group(1) + "." + name : name, Hashing.sha256(bytes)));
                }
            }
        } catch (IOException e) {
            throw MonarchException.failed("cannot read " + directory + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** Every QuerySet, instantiated. */
    public List<QuerySet> all() {
        List<Source> sources = sources();
        ClassLoader loader = compile(sources);
        List<QuerySet> sets = new ArrayList<>();
        for (Source s : sources) {
            sets.add(instantiate(s, loader));
        }
        return sets;
    }

    /** The named QuerySet; a usage error listing the others if there is none. */
    public QuerySet load(String name) {
        List<Source> sources = sources();
        Source source = sources.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
                MonarchException.usage("no QuerySet named " + name + " in " + directory + (sources.isEmpty()
                        ? "; 'monarch generate_query_set " + name + "' writes one"
                        : "; there are: " + String.join(", ", sources.stream().map(Source::name).toList()))));
        return instantiate(source, compile(List.of(source)));
    }

    private ClassLoader compile(List<Source> sources) {
        return compiler.load(sources.stream().map(s -> new JavaSourceCompiler.Source(s.binaryName(), s.path(), s.sha256())).toList());
    }

    private static QuerySet instantiate(Source source, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(source.binaryName(), true, loader);
            if (!QuerySet.class.isAssignableFrom(type)) {
                throw MonarchException.usage(source.path() + ": " + source.name() + " must extend io.monarch.api.QuerySet");
            }
            Constructor<? extends QuerySet> constructor = type.asSubclass(QuerySet.class).getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ClassNotFoundException | LinkageError e) {
            throw MonarchException.usage(source.path() + " does not declare class " + source.binaryName()
                    + "; the class name must match the file name");
        } catch (NoSuchMethodException e) {
            throw MonarchException.usage(source.path() + ": " + source.name() + " needs a constructor without arguments");
        } catch (ReflectiveOperationException e) {
            throw MonarchException.failed(source.path() + ": cannot create " + source.name() + ": " + e.getCause(), e);
        }
    }
}
