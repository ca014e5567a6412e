package io.monarch.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded settings.yml. Relative paths in it are relative to the project folder: the folder that holds
 * the settings file's folder ({@code migrations/settings.yml} → the project is {@code .}).
 *
 * @param secrets {@code secrets:}, and how the secrets an environment's uri names are read
 */
public record Settings(Path file, Path projectDir, Map<String, EnvironmentEntry> environments,
                       BackupSettings backups, MigrationSettings migrations, Secrets secrets) {

    /**
     * The named environment, ready to connect to: its secrets are read now (AWS Secrets Manager's once per process).
     * An unknown name, an unset {@code ${VAR}}, a secret that cannot be read or a malformed URI in it stops here,
     * before anything connects.
     */
    public Environment environment(String name) {
        EnvironmentEntry entry = environments.get(name);
        if (entry == null) {
            throw new SettingsException(file, 0, "no environment named '" + name + "'; the environments are: "
                    + String.join(", ", environments.keySet()) + " (add one under 'environments:')");
        }
        return entry.resolve(file, projectDir, secrets);
    }

    /** These settings with one more environment, or {@code entry} in place of the one of its name. */
    public Settings withEnvironment(EnvironmentEntry entry) {
        Map<String, EnvironmentEntry> all = new LinkedHashMap<>(environments);
        all.put(entry.name(), entry);
        return new Settings(file, projectDir, Collections.unmodifiableMap(all), backups, migrations, secrets);
    }

    /** These settings, reading {@code ${aws-secretsmanager:...}} through {@code source}. */
    public Settings withSecretSource(SecretSource source) {
        return new Settings(file, projectDir, environments, backups, migrations, secrets.withSource(source));
    }

    public List<String> environmentNames() {
        return List.copyOf(environments.keySet());
    }
}
