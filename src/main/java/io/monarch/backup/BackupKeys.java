package io.monarch.backup;

import io.monarch.stream.BackupKey;
import io.monarch.api.BackupEncryption;
import io.monarch.api.ManifestMac;
import io.monarch.api.MonarchException;
import io.monarch.config.BackupSettings;
import io.monarch.config.EncryptionSettings;
import io.monarch.config.SigningSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The backup keys of the settings: the one new backups are encrypted with ({@code backups.encryption.key}), and
 * every key that reads backups, found by the key id a manifest records; the one that authenticates new manifests
 * ({@code backups.signing.key}, else the encryption key), and every key that checks them (signing and encryption
 * keys, previous ones too); and whether a manifest must be authenticated. A key whose {@code ${VAR}} is not set is
 * an error only when a command needs it.
 */
public final class BackupKeys {
    private final Optional<EncryptionSettings.Secret> current;
    private final List<BackupKey> readable;
    private final List<EncryptionSettings.Secret> unset;
    private final Optional<EncryptionSettings.Secret> currentSigning;
    private final List<ManifestKey> checking;
    private final List<EncryptionSettings.Secret> uncheckable;
    private final boolean requireAuthenticated;

    private BackupKeys(Optional<EncryptionSettings.Secret> current, List<BackupKey> readable, List<EncryptionSettings.Secret> unset,
                       Optional<EncryptionSettings.Secret> currentSigning, List<ManifestKey> checking,
                       List<EncryptionSettings.Secret> uncheckable, boolean requireAuthenticated) {
        this.current = current;
        this.readable = readable;
        this.unset = unset;
        this.currentSigning = currentSigning;
        this.checking = checking;
        this.uncheckable = uncheckable;
        this.requireAuthenticated = requireAuthenticated;
    }

    public static BackupKeys of(BackupSettings settings) {
        Optional<EncryptionSettings> encryption = settings.encryption();
        Optional<EncryptionSettings.Secret> current = encryption.flatMap(EncryptionSettings::key);
        List<EncryptionSettings.Secret> encryptionKeys = new ArrayList<>();
        current.ifPresent(encryptionKeys::add);
        encryption.ifPresent(s -> encryptionKeys.addAll(s.previousKeys()));
        Optional<EncryptionSettings.Secret> currentSigning = settings.signing().flatMap(SigningSettings::key);
        List<EncryptionSettings.Secret> manifestKeys = new ArrayList<>();
        currentSigning.ifPresent(manifestKeys::add);
        settings.signing().ifPresent(s -> manifestKeys.addAll(s.previousKeys()));
        manifestKeys.addAll(encryptionKeys);

        List<BackupKey> readable = new ArrayList<>();
        List<EncryptionSettings.Secret> unset = new ArrayList<>();
        for (EncryptionSettings.Secret secret : encryptionKeys) {
            if (secret.isSet()) {
                readable.add(BackupKey.of(secret.bytes(), secret.where()));
            } else {
                unset.add(secret);
            }
        }
        List<ManifestKey> checking = new ArrayList<>();
        List<EncryptionSettings.Secret> uncheckable = new ArrayList<>();
        for (EncryptionSettings.Secret secret : manifestKeys) {
            if (secret.isSet()) {
                checking.add(ManifestKey.of(secret.bytes(), secret.where()));
            } else {
                uncheckable.add(secret);
            }
        }
        return new BackupKeys(current, List.copyOf(readable), List.copyOf(unset), currentSigning, List.copyOf(checking),
                List.copyOf(uncheckable), settings.requireAuthenticated());
    }

    public static BackupKeys none() {
        return new BackupKeys(Optional.empty(), List.of(), List.of(), Optional.empty(), List.of(), List.of(), false);
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

    /**
     * The key that authenticates new manifests: {@code backups.signing.key}, else the encryption key (through its
     * own derived key); empty when neither is written. A signing key written but unset is a usage error: a manifest
     * is never written unauthenticated when the settings ask for a MAC. Ask after {@link #forNewBackups}, which
     * refuses an unset encryption key.
     */
    public Optional<ManifestKey> forNewManifests() {
        Optional<EncryptionSettings.Secret> secret = currentSigning.isPresent() ? currentSigning : current;
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        if (!secret.get().isSet()) {
            throw MonarchException.usage(secret.get().where() + ": " + secret.get().problem() + "; export the key (base64, 256 "
                    + "bits), since monarch does not write a manifest unauthenticated when the settings give a key for it. "
                    + "Nothing was written");
        }
        return checking.stream().filter(k -> k.where().equals(secret.get().where())).findFirst();
    }

    /** The key that checks a manifest's MAC of this key id, if one of the configured keys has it. */
    Optional<ManifestKey> checkingWithId(String id) {
        return checking.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    /** Whether any key is configured that authenticates manifests: then a manifest without a MAC is said. */
    boolean authenticatesManifests() {
        return !checking.isEmpty() || !uncheckable.isEmpty();
    }

    /** {@code backups.require_authenticated}: a manifest without a MAC is refused. */
    boolean requireAuthenticated() {
        return requireAuthenticated;
    }

    /** Why {@code backup}'s manifest, authenticated with {@code mac}'s key, cannot be checked with these keys. */
    String missing(String backup, ManifestMac mac) {
        String configured;
        if (checking.isEmpty() && uncheckable.isEmpty()) {
            configured = "the settings have neither backups.signing nor backups.encryption";
        } else if (checking.isEmpty()) {
            configured = "no key configured is set (" + problems(uncheckable).substring(2) + ")";
        } else {
            configured = "no key configured has that id (they have " + checking.stream().map(ManifestKey::id).distinct()
                    .collect(Collectors.joining(", ")) + problems(uncheckable) + ")";
        }
        return "the manifest of " + backup + " is authenticated with the key whose id is " + mac.keyId() + ", and " + configured
                + "; set that key as backups.signing.key (or the encryption key it is), or list it under previous_keys";
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
        return problems(unset);
    }

    private static String problems(List<EncryptionSettings.Secret> secrets) {
        return secrets.isEmpty() ? "" : "; " + secrets.stream().map(s -> s.where() + ": " + s.problem()).collect(Collectors.joining("; "));
    }
}
