package io.monarch.load;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What MongoDB takes as a user collection's name: not empty, no {@code $} or NUL, not starting with a dot or with
 * {@code system.}, and short enough that a staging collection of it fits MongoDB's 255-byte namespace. A name from
 * outside (an archive, a folder, metadata, {@code --collection}) is checked before anything changes.
 */
final class CollectionNames {
    /** MongoDB's longest namespace ({@code <db>.<collection>}), in bytes of UTF-8. */
    static final int MAX_NAMESPACE_BYTES = 255;

    private CollectionNames() {
    }

    /** Why {@code name} cannot be a user collection's name, or empty if it can. */
    static Optional<String> problem(String name) {
        if (name.isEmpty()) {
            return Optional.of("an empty collection name");
        }
        if (name.indexOf('\0') >= 0) {
            return Optional.of("a collection name with a NUL character");
        }
        if (name.indexOf('$') >= 0) {
            return Optional.of("a collection name with '$' ('" + name + "')");
        }
        if (name.startsWith(".")) {
            return Optional.of("a collection name starting with a dot ('" + name + "')");
        }
        if (name.startsWith("system.")) {
            return Optional.of("a system collection's name ('" + name + "'), which a user cannot create");
        }
        return Optional.empty();
    }

    /** Why {@code staging} (a staging collection's name) does not fit in database {@code database}, or empty if it does. */
    static Optional<String> tooLong(String database, String collection, String staging) {
        int bytes = (database + "." + staging).getBytes(StandardCharsets.UTF_8).length;
        return bytes <= MAX_NAMESPACE_BYTES ? Optional.empty() : Optional.of("collection '" + collection + "' has a name too long to "
                + "load into " + database + ": its staging collection's namespace would take " + bytes + " bytes, over MongoDB's "
                + MAX_NAMESPACE_BYTES);
    }
}
