package io.monarch.junit;

import com.mongodb.client.MongoDatabase;
import io.monarch.Monarch;
import io.monarch.api.EnvironmentInfo;
import io.monarch.api.ExitCode;
import io.monarch.api.Migration;
import io.monarch.api.MonarchException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What {@link MonarchTest} runs: before a class's first test, its environment — settings found, database made,
 * migrations applied, connection open — kept in the class's store and closed (the database dropped) after its
 * last test. Nested classes share their enclosing class's. Injects {@link MongoDatabase} and {@link TestEnvironment}
 * into parameters and into fields still null.
 */
public final class MonarchExtension implements BeforeAllCallback, TestInstancePostProcessor, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MonarchExtension.class);
    /** The in-memory environment's name, and its shared database. */
    private static final String MEMORY = "test";
    private static final String MEMORY_DATABASE = "monarch_test";
    /** A JUnit configuration parameter (junit-platform.properties, or the build's) naming the settings file. */
    public static final String SETTINGS_PARAMETER = "monarch.settings";

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        // made here, not at the first injection, so that a failing migration fails the class before any test
        TestEnvironment environment = environment(context);
        inject(null, context.getRequiredTestClass(), environment, true);
    }

    @Override
    public void postProcessTestInstance(Object instance, ExtensionContext context) throws IllegalAccessException {
        inject(instance, instance.getClass(), environment(context), false);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == MongoDatabase.class || type == TestEnvironment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestEnvironment environment = environment(context);
        return parameter.getParameter().getType() == MongoDatabase.class ? environment.database() : environment;
    }

    /** Sets the (static or instance) fields of type MongoDatabase or TestEnvironment that are still null. */
    private static void inject(Object instance, Class<?> type, TestEnvironment environment, boolean statics) throws IllegalAccessException {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) != statics || Modifier.isFinal(field.getModifiers())) {
                    continue;
                }
                Object value = field.getType() == MongoDatabase.class ? environment.database()
                        : field.getType() == TestEnvironment.class ? environment : null;
                if (value != null) {
                    field.setAccessible(true);
                    if (field.get(instance) == null) {
                        field.set(instance, value);
                    }
                }
            }
        }
    }

    /** The environment of the class that carries @MonarchTest, made once, in that class's store. */
    private static TestEnvironment environment(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        Class<?> annotated = annotated(classContext.getRequiredTestClass());
        MonarchTest settings = annotated.getAnnotation(MonarchTest.class);
        String parameter = classContext.getConfigurationParameter(SETTINGS_PARAMETER).orElse(null);
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(annotated,
                c -> new Resource(start(annotated, settings, settingsFile(settings, parameter))), Resource.class).environment;
    }

    /** The class itself, or the enclosing class of a @Nested one, that has the annotation. */
    private static Class<?> annotated(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            if (c.isAnnotationPresent(MonarchTest.class)) {
                return c;
            }
        }
        throw new ExtensionConfigurationException(testClass.getName() + " uses MonarchExtension without @MonarchTest");
    }

    private static TestEnvironment start(Class<?> testClass, MonarchTest test, Path settingsFile) {
        Monarch monarch = Monarch.load(settingsFile);
        if (test.migrations().length > 0) {
            monarch = monarch.withMigrations(instances(test.migrations()));
        }
        String name;
        String database;
        if (test.environment().isEmpty()) {
            name = MEMORY;
            database = MEMORY_DATABASE;
            monarch = monarch.withMemoryEnvironment(name, database);
        } else {
            name = test.environment();
            EnvironmentInfo info = monarch.environment(name);
            if (info.protectedTarget()) {
                throw MonarchException.refused(testClass.getName() + ": @MonarchTest(environment = \"" + name + "\") is protected;"
                        + " a test never writes into a protected environment. Name another, or leave it out for an in-memory one");
            }
            // a tenant environment's test gets a database of its own on that server, named after its first tenant
            database = info.database() != null ? info.database()
                    : info.tenantDatabases().isEmpty() ? "tenant" : info.tenantDatabases().get(0);
        }
        String source = name + "-source";
        monarch = monarch.withEnvironment(name, name, test.shared() ? database : fresh(database, testClass))
                .withEnvironment(source, name, fresh(database + "_source", testClass));
        try {
            monarch.migrate(name);
        } catch (RuntimeException e) {
            if (!test.shared()) {
                new TestEnvironment(monarch, name, source, monarch.connect(name), false).close();
            }
            throw e;
        }
        return new TestEnvironment(monarch, name, source, monarch.connect(name), test.shared());
    }

    /** The annotation's settings, else the configuration parameter's, else found as the CLI finds them. */
    private static Path settingsFile(MonarchTest test, String parameter) {
        String named = !test.settings().isEmpty() ? test.settings() : parameter;
        try {
            return Monarch.findSettings(named == null || named.isBlank() ? null : Path.of(named));
        } catch (MonarchException e) {
            if (e.exitCode() != ExitCode.USAGE) {
                throw e;
            }
            throw MonarchException.usage(e.getMessage() + "; a test can name it with @MonarchTest(settings = \"<file>\") or the "
                    + "JUnit configuration parameter " + SETTINGS_PARAMETER);
        }
    }

    private static List<Migration> instances(Class<? extends Migration>[] types) {
        List<Migration> migrations = new ArrayList<>();
        for (Class<? extends Migration> type : types) {
            try {
                var constructor = type.getDeclaredConstructor();
                constructor.setAccessible(true);
                migrations.add(constructor.newInstance());
            } catch (ReflectiveOperationException e) {
                throw new ExtensionConfigurationException("@MonarchTest(migrations): cannot make a " + type.getName()
                        + "; it needs a constructor without arguments (and, if nested, to be static)", e);
            }
        }
        return migrations;
    }

    /**
     * {@code <database>_<class>_<random>}, in lower case (MongoDB refuses names that differ only in case) and within
     * its 63 characters: a class's own database, never another run's (CI builds may share a server).
     */
    private static String fresh(String database, Class<?> testClass) {
        String simple = testClass.getSimpleName().replaceAll("[^A-Za-z0-9_]", "_");
        String tail = "_" + simple.substring(0, Math.min(simple.length(), 24)) + "_"
                + Long.toString(ThreadLocalRandom.current().nextLong(1L << 30), 36);
        String head = database.substring(0, Math.min(database.length(), 63 - tail.length()));
        return (head + tail).toLowerCase(Locale.ROOT);
    }

    /** Closes the environment with the class's store. */
    private record Resource(TestEnvironment environment) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            environment.close();
        }
    }
}
