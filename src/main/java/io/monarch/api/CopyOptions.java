package io.monarch.api;

/**
 * How to copy one environment's database into another.
 *
 * @param querySet    the QuerySet that picks a subset; null for everything
 * @param prompter    answers the QuerySet's prompts
 * @param target      force and the typed name, for a protected target
 */
public record CopyOptions(String querySet, QuerySetContext.Prompter prompter, RestoreOptions target) {
    public static final CopyOptions DEFAULT = new CopyOptions(null, Prompters.none(), RestoreOptions.DEFAULT);
}
