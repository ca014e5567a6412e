package io.monarch.cli;

import io.monarch.api.Prompters;
import io.monarch.api.QuerySetContext;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code -q <QuerySet>} and {@code --param key=value}: what backup and copy_db take a subset with. */
public final class QuerySetOptions {
    @Option(names = {"-q", "--query-set"}, paramLabel = "<QuerySet>", completionCandidates = Choices.QuerySets.class,
            description = "Take only what this QuerySet (migrations/querysets/<QuerySet>.java) selects.")
    String querySet;

    @Option(names = "--param", paramLabel = "<key=value>", description = "Answers a QuerySet's prompt (repeatable).")
    Map<String, String> params = new LinkedHashMap<>();

    /** Answers from --param first, then typed at a terminal; with neither, a usage error naming the --param. */
    QuerySetContext.Prompter prompter(Console console) {
        QuerySetContext.Prompter fromParams = Prompters.of(params);
        return (key, question) -> {
            if (params.containsKey(key) || !console.canAsk()) {
                return fromParams.answer(key, question);
            }
            String typed = console.ask(question + " ");
            return typed == null ? fromParams.answer(key, question) : typed;
        };
    }
}
