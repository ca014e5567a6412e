package io.monarch.compile;

import io.monarch.api.MonarchException;

import java.lang.reflect.Constructor;

/** A user's class, compiled and loaded, that extends the type monarch asked for; makes instances of it. */
public record UserClass<T>(SourceFile source, Constructor<? extends T> constructor) {

    public T newInstance() {
        try {
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw MonarchException.failed(source.path() + ": cannot create " + source.name() + ": " + cause, cause);
        }
    }
}
