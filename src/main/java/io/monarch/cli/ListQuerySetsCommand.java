package io.monarch.cli;

import io.monarch.api.QuerySet;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "list_query_sets", aliases = "list-query-sets", mixinStandardHelpOptions = true,
        description = "List the QuerySets of migrations/querysets and what each says it selects.")
final class ListQuerySetsCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;
    @Mixin
    JsonOption output;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        List<QuerySet> sets = global.monarch(console).listQuerySets();
        if (output.json) {
            console.result(Json.array(sets.stream().map(q -> new Document("name", q.name()).append("description", q.description())).toList()));
            return 0;
        }
        if (sets.isEmpty()) {
            console.result("no QuerySets yet: monarch generate_query_set <Name> writes one");
            return 0;
        }
        Table table = new Table("NAME", "DESCRIPTION");
        sets.forEach(q -> table.row(q.name(), q.description()));
        console.result(table.render());
        return 0;
    }
}
