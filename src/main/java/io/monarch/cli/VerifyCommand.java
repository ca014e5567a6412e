package io.monarch.cli;

import io.monarch.api.VerifyResult;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Read a backup end to end against its manifest; no environment is needed.",
                "It checks the MAC, size, SHA-256 and each collection's count and CRC-64 of a backup, local or on S3,",
                "or a mongodump archive or folder by path (its own CRCs)."})
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;
    @Mixin
    JsonOption output;

    @Parameters(paramLabel = "<backup>", description = "A name from list_backups, or a path.")
    String backup;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        VerifyResult result = global.monarch(console).verify(backup);
        if (output.json) {
            console.result(Json.array(List.of(new Document("backup", result.backup()).append("ok", result.ok())
                    .append("againstManifest", result.againstManifest()).append("collections", result.collections())
                    .append("documents", result.documents()).append("bytes", result.bytes())
                    .append("authenticatedBy", result.authenticatedBy()).append("problem", result.problem()))));
        } else if (result.ok()) {
            console.result("OK " + result.backup() + ": " + Formats.count(result.documents(), "document") + " in "
                    + Formats.count(result.collections(), "collection") + ", " + Formats.bytes(result.bytes()) + " of BSON, "
                    + (result.againstManifest() ? "as its manifest says (size, SHA-256, counts, CRC-64)"
                    : "every CRC-64 right (it has no manifest to check against)")
                    + (result.authenticatedBy() == null ? "" : "; the manifest authenticates with key " + result.authenticatedBy()));
        } else {
            console.warn("FAILED " + result.backup() + ": " + result.problem());
        }
        return result.ok() ? 0 : 1;
    }
}
