package io.monarch.junit;

import io.monarch.api.Migration;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class against a database with the project's migrations applied. Before its first test, monarch starts
 * an in-process, in-memory MongoDB-wire server ({@code embedded:memory}; or uses {@link #environment}), makes a
 * database of the class's own, and applies the migrations of the project's migrations folder (or the
 * {@link #migrations} classes). A parameter or field of type {@code com.mongodb.client.MongoDatabase} gets that
 * database; one of type {@link TestEnvironment} gets it with a source database to seed and copy from (to test a
 * QuerySet). The database is dropped after the class, unless it is {@link #shared}.
 * <pre>{@code
 * @MonarchTest
 * class UsersTest {
 *     @Test
 *     void emailsAreUnique(MongoDatabase db) { ... }
 * }
 * }</pre>
 * The settings file: {@link #settings}, else the JUnit configuration parameter {@code monarch.settings}
 * (junit-platform.properties), else as the CLI finds it: {@code MONARCH_SETTINGS}, else
 * {@code migrations/settings.yml} in the working folder (under Maven and Gradle: the module's) or above it.
 * Needs JUnit Jupiter (5.x) on the test classpath; monarch itself does not bring it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MonarchExtension.class)
public @interface MonarchTest {
    /**
     * An environment of settings.yml to test against, on its server, in a database of the class's own; never a
     * {@code protected} one. Default: an in-memory server in this JVM, gone when it ends.
     */
    String environment() default "";

    /**
     * Migration classes on the test classpath to apply (in name order, as always) instead of the sources of the
     * migrations folder.
     */
    Class<? extends Migration>[] migrations() default {};

    /**
     * Whether to use the environment's own database (for the in-memory server, {@code monarch_test}), shared with
     * every other class that shares it and kept after, instead of a fresh one dropped after the class.
     */
    boolean shared() default false;

    /** The settings file, relative to the working folder; default: found as the CLI finds it. */
    String settings() default "";
}
