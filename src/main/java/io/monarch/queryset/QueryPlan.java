package io.monarch.queryset;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import io.monarch.api.CollectionSelection;
import io.monarch.api.MonarchException;
import io.monarch.api.QuerySet;
import io.monarch.api.QuerySetContext;
import io.monarch.intent.CollectionIntent;
import io.monarch.intent.DocumentShaper;
import io.monarch.intent.Selection;
import io.monarch.mongo.Redaction;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a QuerySet said to take, applied to a database's collections: the intents to dump or copy (with their
 * selections), and the masks to apply on the way.
 */
public final class QueryPlan {
    private final String name;
    private final QuerySetContext context;

    private QueryPlan(String name, QuerySetContext context) {
        this.name = name;
        this.context = context;
    }

    /** Runs the QuerySet against the source database. Its failure stops everything before a target is touched. */
    public static QueryPlan evaluate(QuerySet querySet, MongoDatabase source, QuerySetContext.Prompter prompter) {
        QuerySetContext context = new QuerySetContext(source, prompter);
        try {
            querySet.run(context);
        } catch (MonarchException e) {
            throw e;
        } catch (Exception e) {
            throw MonarchException.failed("QuerySet " + querySet.name() + " failed: " + Redaction.scrub(String.valueOf(e))
                    + "; nothing was copied or written", e);
        }
        return new QueryPlan(querySet.name(), context);
    }

    public String name() {
        return name;
    }

    /** The intents to take, out of all the source's. A named collection the source lacks is an error. */
    public List<CollectionIntent> apply(List<CollectionIntent> all) {
        Set<String> existing = all.stream().map(CollectionIntent::name).collect(Collectors.toSet());
        List<String> unknown = new ArrayList<>();
        context.selections().keySet().stream().filter(c -> !existing.contains(c)).forEach(unknown::add);
        context.masks().stream().map(QuerySetContext.MaskRule::collection).filter(c -> !existing.contains(c)).forEach(unknown::add);
        context.skipped().stream().filter(c -> !existing.contains(c)).forEach(unknown::add);
        if (!unknown.isEmpty()) {
            throw MonarchException.usage("QuerySet " + name + " names collections the source does not have: "
                    + String.join(", ", unknown.stream().distinct().toList()) + "; it has: " + String.join(", ", existing.stream().sorted().toList()));
        }
        Map<String, CollectionSelection> selections = context.selections();
        List<CollectionIntent> taken = new ArrayList<>();
        for (CollectionIntent intent : all) {
            CollectionSelection selection = selections.get(intent.name());
            if (selection != null) {
                taken.add(intent.withSelection(toSelection(selection)));
            } else if (!context.skipsOthers() && !context.skipped().contains(intent.name())) {
                taken.add(intent);
            }
        }
        return taken;
    }

    private static Selection toSelection(CollectionSelection s) {
        Bson projection = null;
        if (!s.onlyFields().isEmpty()) {
            projection = Projections.include(s.onlyFields());
        } else if (!s.excludedFields().isEmpty()) {
            projection = Projections.exclude(s.excludedFields());
        }
        return new Selection(s.filter(), projection, s.limit());
    }

    /** Applies the masks while documents stream; null when there are none. */
    public DocumentShaper shaper(byte[] runKey) {
        return context.masks().isEmpty() ? null : new DocumentMasker(context.masks(), runKey);
    }

    /** {@code collection.field} of every mask, for the manifest. */
    public List<String> maskedFields() {
        return context.masks().stream().map(m -> m.collection() + "." + m.field()).distinct().toList();
    }
}
