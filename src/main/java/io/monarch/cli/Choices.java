package io.monarch.cli;

import io.monarch.api.Compression;
import io.monarch.api.Store;
import io.monarch.api.StoreScope;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/**
 * What --store and --compression offer in help and shell completion, in the lower case users type; and the
 * project's own names (environments, backups, QuerySets), which the completion script asks monarch for when
 * the user presses Tab (see {@link CompletionScript}).
 */
final class Choices {
    private Choices() {
    }

    static final class Stores implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return lowerCase(Store.values());
        }
    }

    static final class StoreScopes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return lowerCase(StoreScope.values());
        }
    }

    static final class Compressions implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return lowerCase(Compression.values());
        }
    }

    static final class Environments implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return CompletionScript.placeholder(CompleteCommand.Kind.environments);
        }
    }

    static final class Backups implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return CompletionScript.placeholder(CompleteCommand.Kind.backups);
        }
    }

    static final class QuerySets implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return CompletionScript.placeholder(CompleteCommand.Kind.querysets);
        }
    }

    private static Iterator<String> lowerCase(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).iterator();
    }
}
