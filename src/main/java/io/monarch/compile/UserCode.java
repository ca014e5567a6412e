package io.monarch.compile;

import io.monarch.api.MonarchException;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way monarch loads a user's code (migrations, QuerySets): compiles the sources (or takes their classes
 * from the cache) and loads each as a subclass of the type asked for, with errors that name the file.
 */
public final class UserCode {
    private final JavaSourceCompiler compiler;

    public UserCode(Path cacheDir, List<Path> extraClasspath) {
        this.compiler = new JavaSourceCompiler(cacheDir, extraClasspath);
    }

    public <T> List<UserClass<T>> load(List<SourceFile> sources, Class<T> type) {
        ClassLoader loader = compiler.load(sources);
        List<UserClass<T>> classes = new ArrayList<>();
        for (SourceFile source : sources) {
            classes.add(new UserClass<>(source, constructorOf(source, loader, type)));
        }
        return classes;
    }

    private static <T> Constructor<? extends T> constructorOf(SourceFile source, ClassLoader loader, Class<T> type) {
        Class<?> loaded;
        try {
            loaded = Class.forName(source.binaryName(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw MonarchException.usage(source.path() + " does not declare class " + source.binaryName()
                    + "; the class name must match the file name");
        }
        if (!type.isAssignableFrom(loaded)) {
            throw MonarchException.usage(source.path() + ": " + source.name() + " must extend " + type.getName());
        }
        try {
            Constructor<? extends T> constructor = loaded.asSubclass(type).getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor;
        } catch (NoSuchMethodException e) {
            throw MonarchException.usage(source.path() + ": " + source.name() + " needs a constructor without arguments");
        }
    }
}
