package io.monarch.codegen;

import io.monarch.api.MonarchException;

import java.util.Locale;

/** Turns what a user types ({@code add_indexes}, {@code add-indexes}, {@code AddIndexes}) into a class name. */
public final class Names {
    private Names() {
    }

    public static String toClassName(String typed) {
        StringBuilder out = new StringBuilder();
        for (String word : typed.trim().split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                out.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
            }
        }
        if (out.length() == 0 || !Character.isJavaIdentifierStart(out.charAt(0))) {
            throw MonarchException.usage("'" + typed + "' does not make a class name; use letters, digits and '_', "
                    + "starting with a letter, e.g. add_indexes_to_users");
        }
        return out.toString();
    }
}
