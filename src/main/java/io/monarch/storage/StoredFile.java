package io.monarch.storage;

import java.time.Instant;

/** A committed file of a store. */
public record StoredFile(String name, long size, Instant modified) {
}
