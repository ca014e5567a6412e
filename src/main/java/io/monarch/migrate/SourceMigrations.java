package io.monarch.migrate;

import io.monarch.api.Migration;
import io.monarch.api.MonarchException;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The migrations of a source folder, compiled (or taken from the cache) and ready to instantiate. */
public final class SourceMigrations {
    private SourceMigrations() {
    }

    public static List<MigrationDefinition> load(Path directory, JavaSourceCompiler compiler) {
        List<MigrationSourceFile> files = MigrationSources.discover(directory);
        ClassLoader loader = compiler.load(files.stream()
                .map(f -> new JavaSourceCompiler.Source(f.binaryName(), f.path(), f.sha256())).toList());
        List<MigrationDefinition> definitions = new ArrayList<>();
        for (MigrationSourceFile file : files) {
            Constructor<? extends Migration> constructor = constructorOf(file, loader);
            Migration probe = instantiate(constructor, file);
            definitions.add(new MigrationDefinition(file.name(), file.sha256(), Optional.of(file.path()),
                    probe.transactional(), probe.hasRollback(), () -> instantiate(constructor, file)));
        }
        return definitions;
    }

    private static Constructor<? extends Migration> constructorOf(MigrationSourceFile file, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(file.binaryName(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw MonarchException.usage(file.path() + " does not declare class " + file.binaryName()
                    + "; the class name must match the file name");
        }
        if (!Migration.class.isAssignableFrom(type)) {
            throw MonarchException.usage(file.path() + ": " + file.name() + " must extend io.monarch.api.Migration");
        }
        try {
            Constructor<? extends Migration> constructor = type.asSubclass(Migration.class).getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor;
        } catch (NoSuchMethodException e) {
            throw MonarchException.usage(file.path() + ": " + file.name() + " needs a constructor without arguments");
        }
    }

    private static Migration instantiate(Constructor<? extends Migration> constructor, MigrationSourceFile file) {
        try {
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw MonarchException.failed(file.path() + ": cannot create " + file.name() + ": " + cause, cause);
        }
    }
}
