package io.monarch.api;

import org.bson.BsonValue;

/**
 * Replaces a field's value as documents stream, so that nothing unmasked reaches the target or the backup.
 * Deterministic for a run key: the same value masks to the same result in every collection, so references
 * still join. {@link Masks} has the usual ones.
 */
@FunctionalInterface
public interface Mask {
    /**
     * The masked value, or null to drop the field.
     *
     * @param value  the value found
     * @param secret a keyed hash of the value for this run: the same value gives the same bytes
     */
    BsonValue apply(BsonValue value, MaskSecret secret);

    /** A keyed hash of a value, for deterministic masks. */
    interface MaskSecret {
        byte[] of(BsonValue value);
    }
}
