package io.monarch.config;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code databases:} of a tenant environment: one environment, many databases. Either a list written in settings,
 * or a glob ({@code *} any run of characters, {@code ?} one) matched against the server's databases when a command
 * runs. {@code admin}, {@code config} and {@code local} are never tenants, whatever a pattern matches.
 *
 * @param listed  the databases written in settings, in their order; empty for a pattern
 * @param pattern the glob; null for a list
 */
public record TenantDatabases(List<String> listed, String pattern) {
    private static final Set<String> SYSTEM = Set.of("admin", "config", "local");

    public TenantDatabases {
        listed = List.copyOf(listed);
        if (listed.isEmpty() == (pattern == null)) {
            throw new IllegalArgumentException("a list of databases or a pattern, one of the two");
        }
    }

    public static TenantDatabases of(List<String> databases) {
        return new TenantDatabases(databases, null);
    }

    public static TenantDatabases matching(String glob) {
        return new TenantDatabases(List.of(), glob);
    }

    public boolean isPattern() {
        return pattern != null;
    }

    /** Whether {@code database} is one of these: listed, or matching the pattern (whether or not the server has it). */
    public boolean includes(String database) {
        return isPattern() ? !SYSTEM.contains(database) && glob(pattern).matcher(database).matches() : listed.contains(database);
    }

    /** The tenants now: the list as written; for a pattern, the server's databases it matches, in name order. */
    public List<String> among(Collection<String> serverDatabases) {
        return isPattern() ? serverDatabases.stream().filter(this::includes).sorted().toList() : listed;
    }

    /** As messages name them: {@code tenant_a, tenant_b}, or {@code pattern "tenant_*"}. */
    public String describe() {
        return isPattern() ? "pattern \"" + pattern + "\"" : String.join(", ", listed);
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
