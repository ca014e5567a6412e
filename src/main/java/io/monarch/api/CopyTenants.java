package io.monarch.api;

/**
 * Which databases {@code copy_db} copies when an environment names many (tenants).
 *
 * @param tenant     the tenant of each side that has many databases; null: none named
 * @param fromTenant the source's tenant (instead of {@code tenant}); null: none named
 * @param toTenant   the target's tenant (instead of {@code tenant}); null: none named
 */
public record CopyTenants(String tenant, String fromTenant, String toTenant) {
    /** Environments of one database each. */
    public static final CopyTenants NONE = new CopyTenants(null, null, null);
}
