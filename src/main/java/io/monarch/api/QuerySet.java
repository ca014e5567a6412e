package io.monarch.api;

/**
 * Picks a subset of an environment's database for {@code backup -q} and {@code copy_db -q}. Subclass it in
 * {@code migrations/querysets/<Name>.java} ({@code monarch generate_query_set <Name>} writes one); monarch
 * compiles it as it does migrations. Collections {@link #run} does not name are taken whole unless it calls
 * {@link QuerySetContext#skipOthers()}.
 */
public abstract class QuerySet {

    /** Says what to take, with {@link QuerySetContext#dumpCollection}, {@code skip}, {@code mask} and friends. */
    public abstract void run(QuerySetContext context) throws Exception;

    /** One line that list_query_sets shows. */
    public String description() {
        return "";
    }

    public String name() {
        return getClass().getSimpleName();
    }
}
