package io.monarch.api;

import java.util.List;

/**
 * What {@code monarch plan} found: what would bring an environment to the schema files.
 *
 * @param changes whether anything would change (the CLI then exits 4)
 * @param text    the plan as a person reads it, grouped: + create, ~ change, - drop, and what is not declared
 * @param json    the same as a JSON document
 * @param notes   what the server cannot compare or keep, said once
 */
public record SchemaPlanReport(String environment, String database, boolean changes, String text, String json,
                               List<String> notes) {
}
