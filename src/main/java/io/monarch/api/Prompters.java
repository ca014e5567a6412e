package io.monarch.api;

import java.util.Map;

/** Ready-made answers to QuerySet prompts. */
public final class Prompters {
    private Prompters() {
    }

    /** Answers from a map of key → value ({@code --param key=value}); a missing key is a usage error naming it. */
    public static QuerySetContext.Prompter of(Map<String, String> answers) {
        return (key, question) -> {
            String answer = answers.get(key);
            if (answer == null) {
                throw MonarchException.usage("the QuerySet asks \"" + question + "\": answer it with --param " + key + "=<value>");
            }
            return answer;
        };
    }

    /** Answers nothing: every prompt is a usage error naming its --param. */
    public static QuerySetContext.Prompter none() {
        return of(Map.of());
    }
}
