package io.monarch.cli;

import io.monarch.config.EnvironmentEntry;
import io.monarch.config.Settings;
import io.monarch.config.SettingsLoader;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "list_environments", aliases = "list-environments", mixinStandardHelpOptions = true,
        description = "List the environments of the settings file (passwords shown as ***).")
final class ListEnvironmentsCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;
    @Mixin
    JsonOption output;

    @Override
    public Integer call() {
        Settings settings = SettingsLoader.load(global.settings);
        Console console = Console.of(global);
        if (output.json) {
            console.result(Json.array(settings.environments().values().stream().map(e -> new Document("name", e.name())
                    .append("uri", e.displayUri()).append("database", e.database())
                    .append("protected", e.protectedTarget())).toList()));
            return 0;
        }
        Table table = new Table("NAME", "DATABASE", "PROTECTED", "URI");
        for (EnvironmentEntry e : settings.environments().values()) {
            table.row(e.name(), e.database(), e.protectedTarget() ? "yes" : "no", e.displayUri());
        }
        console.result(table.render());
        return 0;
    }
}
