package io.monarch.backup;

import io.monarch.stream.BackupKey;
import io.monarch.api.BackupEncryption;
import io.monarch.api.MonarchException;
import io.monarch.config.EncryptionSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The backup keys of the settings ({@code backups.encryption}): the one new backups are encrypted with, and every
 * key that reads backups, found by the key id a manifest records. A key whose {@code ${VAR}} is not set is an
 * error only when a command needs it.
 */
public final class BackupKeys {
    private final Optional<EncryptionSettings.Secret> current;
    private final List<BackupKey> readable;
    private final List<EncryptionSettings.Secret> unset;

    private BackupKeys(Optional<EncryptionSettings.Secret> current, List<BackupKey> readable, List<EncryptionSettings.Secret> unset) {
        this.current = current;
        this.readable = readable;
        this.unset = unset;
    }

    public static BackupKeys of(Optional<EncryptionSettings> settings) {
        Optional<EncryptionSettings.Secret> current = settings.flatMap(EncryptionSettings::key);
        List<EncryptionSettings.Secret> all = new ArrayList<>();
        current.ifPresent(all::add);
        settings.ifPresent(s -> all.addAll(s.previousKeys()));
        List<BackupKey> readable = new ArrayList<>();
        List<EncryptionSettings.Secret> unset = new ArrayList<>();
        for (EncryptionSettings.Secret secret : all) {
            if (secret.isSet()) {
                readable.add(BackupKey.of(secret.bytes(), secret.where()));
            } else {
                unset.add(secret);
            }
        }
        return new BackupKeys(current, List.copyOf(readable), List.copyOf(unset));
    }

    public static BackupKeys none() {
        return of(Optional.empty());
    }

    /**
     * The key new backups are encrypted with; empty when {@code backups.encryption.key} is not written. Written but
     * unset is a usage error: a backup is never written in clear when the settings ask for encryption.
     */
    public Optional<BackupKey> forNewBackups() {
        if (current.isEmpty()) {
            return Optional.empty();
        }
        EncryptionSettings.Secret secret = current.get();
        if (!secret.isSet()) {
            throw MonarchException.usage(secret.where() + ": " + secret.problem() + "; export the key (base64, 256 bits), since "
                    + "monarch does not write a backup unencrypted when the settings ask for encryption. Nothing was written");
        }
        return readable.stream().filter(k -> k.where().equals(secret.where())).findFirst();
    }

    /** The key with the id a manifest records, if one of the configured keys has it. */
    Optional<BackupKey> withId(String id) {
        return readable.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /** Every configured key that is set, the current one first: the ones to try on an archive with no manifest. */
    List<BackupKey> all() {
        return readable;
    }

    /** Why {@code backup}, encrypted with {@code encryption}'s key, cannot be read with these keys, and what to do. */
    String missing(String backup, BackupEncryption encryption) {
        return backup + " is encrypted with the key whose id is " + encryption.keyId() + ", and " + configured()
                + "; set that key as backups.encryption.key, or list it under backups.encryption.previous_keys";
    }

    /** Why an encrypted archive with no manifest cannot be read with these keys. */
    String noneDecrypts(String archive) {
        return archive + " is encrypted and " + (readable.isEmpty() ? configured()
                : "none of the keys configured decrypts it (key ids " + ids() + unsetNote() + ")")
                + "; set the key it was written with as backups.encryption.key or under previous_keys. If that key is "
                + "set, the file is damaged or was renamed (its name is authenticated with its contents). Nothing was changed";
    }

    private String configured() {
        if (readable.isEmpty() && unset.isEmpty()) {
            return "the settings have no backups.encryption";
        }
        if (readable.isEmpty()) {
            return "no key configured is set (" + unsetNote().substring(2) + ")";
        }
        return "no key configured has that id (they have " + ids() + unsetNote() + ")";
    }

    private String ids() {
        return readable.stream().map(BackupKey::id).collect(Collectors.joining(", "));
    }

    private String unsetNote() {
        return unset.isEmpty() ? "" : "; " + unset.stream().map(s -> s.where() + ": " + s.problem()).collect(Collectors.joining("; "));
    }
}
