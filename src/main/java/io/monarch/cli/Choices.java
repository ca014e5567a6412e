package io.monarch.cli;

import io.monarch.api.Compression;
import io.monarch.api.Store;
import io.monarch.api.StoreScope;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/** What --store and --compression offer in help and shell completion, in the lower case users type. */
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

    private static Iterator<String> lowerCase(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).iterator();
    }
}
