package io.monarch.config;

import java.util.List;
import java.util.Optional;

/**
 * {@code backups.encryption}: the key new backups are encrypted with ({@code key}; none: new backups are not
 * encrypted) and older keys that still read the backups written with them ({@code previous_keys}).
 */
public record EncryptionSettings(Optional<Secret> key, List<Secret> previousKeys) {

    /**
     * One configured key: 32 raw bytes (written in settings as base64), or, when its {@code ${VAR}} is not set or
     * empty, no bytes and that {@code problem}: an error only for a command that needs this key. Never printed.
     *
     * @param where the setting it comes from, for messages: {@code backups.encryption.key}, {@code ...previous_keys[2]}
     */
    public record Secret(String where, byte[] bytes, String problem) {
        public boolean isSet() {
            return bytes != null;
        }

        @Override
        public String toString() {
            return where + (isSet() ? " (set)" : " (" + problem + ")");
        }
    }
}
