package io.monarch.api;

/**
 * One migration of an environment's tracking as a backup's manifest records it: its name, its state there
 * (APPLIED, FAILED, ROLLED_BACK, …, as written) and the SHA-256 of its source when it ran.
 */
public record AppliedMigration(String name, String state, String checksum) {
}
