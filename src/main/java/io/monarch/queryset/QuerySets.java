package io.monarch.queryset;

import io.monarch.api.MonarchException;
import io.monarch.api.QuerySet;
import io.monarch.compile.SourceFile;
import io.monarch.compile.SourceFolder;
import io.monarch.compile.UserClass;
import io.monarch.compile.UserCode;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** The QuerySets of {@code migrations/querysets/}: compiled (or cached) like migrations, loaded by name. */
public final class QuerySets {
    private static final Pattern FILE_NAME = Pattern.compile("([A-Za-z_$][A-Za-z0-9_$]*)\\.java");

    private final Path directory;
    private final UserCode code;

    public QuerySets(Path directory, UserCode code) {
        this.directory = directory;
        this.code = code;
    }

    /** Every QuerySet, instantiated. */
    public List<QuerySet> all() {
        return code.load(SourceFolder.list(directory, FILE_NAME), QuerySet.class).stream().map(UserClass::newInstance).toList();
    }

    /** The QuerySets' names, from their file names, without compiling them. */
    public List<String> names() {
        return SourceFolder.list(directory, FILE_NAME).stream().map(SourceFile::name).toList();
    }

    /** The named QuerySet; a usage error listing the others if there is none. */
    public QuerySet load(String name) {
        List<SourceFile> sources = SourceFolder.list(directory, FILE_NAME);
        SourceFile source = sources.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
                MonarchException.usage("no QuerySet named " + name + " in " + directory + (sources.isEmpty()
                        ? "; 'monarch generate_query_set " + name + "' writes one"
                        : "; there are: " + String.join(", ", sources.stream().map(SourceFile::name).toList()))));
        return code.load(List.of(source), QuerySet.class).get(0).newInstance();
    }
}
