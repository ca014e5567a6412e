package io.monarch.config;

import java.util.List;
import java.util.Optional;

/**
 * {@code backups.signing}: a key that authenticates the manifests of new backups ({@code key}) without encrypting
 * them, and older keys that still check the manifests written with them ({@code previous_keys}). Without it, the
 * encryption key authenticates manifests too (each use through its own derived key).
 */
public record SigningSettings(Optional<EncryptionSettings.Secret> key, List<EncryptionSettings.Secret> previousKeys) {
}
