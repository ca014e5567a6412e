package io.monarch.cli;

import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.util.List;
import java.util.stream.Collectors;

/** JSON for --json listings: an array of flat objects (or one object of such arrays). */
final class Json {
    private static final JsonWriterSettings SETTINGS = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).indent(false).build();

    private Json() {
    }

    /** One object, for a result that is more than a list (prune's). */
    static String object(Document document) {
        return document.toJson(SETTINGS);
    }

    static String array(List<Document> items) {
        return items.stream().map(d -> d.toJson(SETTINGS)).collect(Collectors.joining(",\n  ", "[\n  ", "\n]"))
                .replace("[\n  \n]", "[]");
    }
}
