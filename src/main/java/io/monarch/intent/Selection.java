package io.monarch.intent;

import org.bson.conversions.Bson;

/**
 * Which documents of a collection to take: a filter, a projection and a limit (0: no limit). {@link #ALL}
 * for whole collections; QuerySets make the others.
 */
public record Selection(Bson filter, Bson projection, int limit) {
    public static final Selection ALL = new Selection(null, null, 0);

    public boolean whole() {
        return filter == null && projection == null && limit == 0;
    }
}
