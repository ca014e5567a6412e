package io.monarch.api;

import com.mongodb.client.MongoDatabase;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a QuerySet works with: the source database for look-ups, and the calls that say what to take.
 * <pre>{@code
 * List<ObjectId> ids = context.database().getCollection("accounts").find().sort(descending("createdAt"))
 *         .limit(50).map(d -> d.getObjectId("_id")).into(new ArrayList<>());
 * context.dumpCollection("accounts", Filters.in("_id", ids));
 * context.dumpCollection("orders", Filters.in("accountId", ids)).exclude("internalNotes");
 * context.mask("accounts", "email", Masks.email());
 * context.skip("audit_log");
 * }</pre>
 */
public final class QuerySetContext {
    private final MongoDatabase database;
    private final Prompter prompter;
    private final Map<String, CollectionSelection> selections = new LinkedHashMap<>();
    private final Set<String> skipped = new LinkedHashSet<>();
    private final List<MaskRule> masks = new ArrayList<>();
    private boolean skipOthers;

    /**
     * @param prompter answers a prompt by its key: from --param key=value, else from the terminal; throws if neither
     */
    public QuerySetContext(MongoDatabase database, Prompter prompter) {
        this.database = database;
        this.prompter = prompter;
    }

    /** Answers prompts: from --param key=value, else at a terminal; throws (exit 2) when it can do neither. */
    @FunctionalInterface
    public interface Prompter {
        String answer(String key, String question);
    }

    /** A mask on one field of one collection. */
    public record MaskRule(String collection, String field, Mask mask) {
    }

    /** The source database, for look-ups (read it; do not write to it). */
    public MongoDatabase database() {
        return database;
    }

    /** Takes the documents of {@code collection} that match {@code filter}; refine with only/exclude/limit. */
    public CollectionSelection dumpCollection(String collection, Bson filter) {
        CollectionSelection selection = new CollectionSelection(collection, filter);
        selections.put(collection, selection);
        skipped.remove(collection);
        return selection;
    }

    /** Takes the whole collection (useful with {@link #skipOthers()}). */
    public CollectionSelection dumpCollection(String collection) {
        return dumpCollection(collection, null);
    }

    /** Leaves a collection out. */
    public void skip(String collection) {
        skipped.add(collection);
        selections.remove(collection);
    }

    /** Takes only the collections named with dumpCollection (the default takes the others whole). */
    public void skipOthers() {
        this.skipOthers = true;
    }

    /** Masks a field (a dotted path reaches into sub-documents and arrays of them) as documents stream. */
    public void mask(String collection, String field, Mask mask) {
        masks.add(new MaskRule(collection, field, mask));
    }

    /**
     * Asks the user: answered by {@code --param <key>=<value>} or, on a terminal, typed. The key is the
     * question's words in lower case joined by '_': {@code prompt("Account email?")} → {@code account_email}.
     */
    public String prompt(String question) {
        return prompt(keyOf(question), question);
    }

    /** Asks the user, answered by {@code --param <key>=<value>} or typed at a terminal. */
    public String prompt(String key, String question) {
        return prompter.answer(key, question);
    }

    public static String keyOf(String question) {
        String key = question.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return key.isEmpty() ? "answer" : key;
    }

    public Map<String, CollectionSelection> selections() {
        return Map.copyOf(selections);
    }

    public Set<String> skipped() {
        return Set.copyOf(skipped);
    }

    public boolean skipsOthers() {
        return skipOthers;
    }

    public List<MaskRule> masks() {
        return List.copyOf(masks);
    }
}
