package io.monarch.cli;

import io.monarch.api.MonarchException;

import java.util.Set;

/** --store's word, checked. */
final class Stores {
    private Stores() {
    }

    static String check(String store) {
        if (!Set.of("local", "s3").contains(store)) {
            throw MonarchException.usage("--store " + store + " is not known; use local or s3");
        }
        return store;
    }
}
