package io.monarch.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replaces {@code ${VAR}} and {@code ${VAR:-default}} with values from the environment. */
final class Interpolation {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Map<String, String> variables;

    Interpolation(Map<String, String> variables) {
        this.variables = variables;
    }

    /** Thrown for a {@code ${VAR}} with no value and no default. */
    static final class UnsetVariable extends Exception {
        final String variable;

        UnsetVariable(String variable) {
            super(variable);
            this.variable = variable;
        }
    }

    /** The variables the text names ({@code ${VAR}} and {@code ${VAR:-default}}), in order: where its value comes from. */
    static List<String> variables(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    String apply(String text) throws UnsetVariable {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            if (value == null || value.isEmpty()) {
                value = m.group(2);
            }
            if (value == null) {
                throw new UnsetVariable(m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
