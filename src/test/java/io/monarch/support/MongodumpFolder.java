package io.monarch.support;

import io.monarch.support.Mongodump.Index;
import io.monarch.support.Mongodump.Version;
import org.bson.conversions.Bson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mongodump output folder (FACTS.md, "Dump folder"): {@code <dir>/<db>/<stem>.bson} and {@code <stem>.metadata.json}
 * per collection (each {@code .gz} with {@code gzip()}), metadata alone for a view, {@code <dir>/oplog.bson} with
 * {@code --oplog} (gzipped inside, yet never named {@code .gz}), and from 100.12 a {@code prelude.json}.
 */
public final class MongodumpFolder extends MongodumpContent<MongodumpFolder> {
    private final Path dir;
    private boolean prelude = true;

    MongodumpFolder(Path dir) {
        this.dir = dir;
    }

    /** Not from mongodump (which writes both files for a collection): a metadata file and no {@code .bson}. */
    public MongodumpFolder metadataOnly(String name, Index... indexes) {
        return add(new Dumped(currentDatabase(), name, Dumped.Kind.METADATA_ONLY, List.of(), withIdIndex(indexes)));
    }

    /** Not from mongodump 2.6+: a {@code .bson} file and no metadata, as a hand-copied or 2.4-era dump has. */
    public MongodumpFolder bsonOnly(String name, List<? extends Bson> documents) {
        return add(new Dumped(currentDatabase(), name, Dumped.Kind.BSON_ONLY, bsonDocuments(documents), List.of()));
    }

    /** Leave out prelude.json, as mongodump before 100.12 did (V100 only; 3.4 and 4.0 never write it). */
    public MongodumpFolder withoutPreludeJson() {
        this.prelude = false;
        return this;
    }

    public Written write() {
        checkOplog();
        List<String> files = new ArrayList<>();
        Set<String> databases = new LinkedHashSet<>();
        Map<String, String> stems = new HashMap<>();
        for (Dumped d : collections) {
            databases.add(d.db);
            String stem = MongodumpNames.fileStem(version, d.name);
            String previous = stems.put(d.db + "/" + stem, d.name);
            if (previous != null) {
                throw new IllegalArgumentException("collections " + previous + " and " + d.name + " of " + d.db
                        + " share the file name " + stem + " in a " + version + " dump");
            }
            String base = d.db + "/" + stem;
            if (d.kind == Dumped.Kind.COLLECTION || d.kind == Dumped.Kind.BSON_ONLY) {
                write(files, base + ".bson", concat(documents(d)), gzip);
            } else if (d.kind == Dumped.Kind.TIMESERIES) {
                write(files, d.db + "/" + MongodumpNames.fileStem(version, d.dataName()) + ".bson", concat(documents(d)), gzip);
            }
            if (d.kind != Dumped.Kind.BSON_ONLY) {
                write(files, base + ".metadata.json", metadataJson(d).getBytes(StandardCharsets.UTF_8), gzip);
            }
        }
        if (oplog != null) {
            // mongodump/prepare.go CreateOplogIntents: outputPath("oplog.bson", "") without nameGz, while the
            // dump goroutine writes it through the same gzip buffer as every other file
            byte[] content = concat(oplog);
            writeFile(files, "oplog.bson", gzip ? gzipped(content) : content);
        }
        if (version == Version.V100 && prelude) {
            // mongodump.go DumpPreludeMetadata (100.12+): dump/prelude.json, or dump/<db>/prelude.json with --db
            String json = "{\"ServerVersion\":\"" + serverVersion() + "\",\"ToolVersion\":\"" + toolVersion() + "\"}";
            List<String> places = wholeServer ? List.of("prelude.json") : databases.stream().map(db -> db + "/prelude.json").toList();
            for (String place : places) {
                write(files, place, json.getBytes(StandardCharsets.UTF_8), gzip);
            }
        }
        files.sort(null);
        return new Written(dir, List.copyOf(files), null, Map.of());
    }

    private void write(List<String> files, String relative, byte[] content, boolean gz) {
        writeFile(files, gz ? relative + ".gz" : relative, gz ? gzipped(content) : content);
    }

    private void writeFile(List<String> files, String relative, byte[] content) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            files.add(relative);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
