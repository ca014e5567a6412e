package io.monarch.migrate;

import java.nio.file.Path;

/**
 * A migration's source file.
 *
 * @param name        the class's simple name, from the file name: {@code M20261124093000_AddIndexes}
 * @param packageName the package it declares ("" for none)
 * @param sha256      of its bytes: the drift check and the compile cache key
 */
public record MigrationSourceFile(String name, Path path, String packageName, String sha256) {

    public String binaryName() {
        return packageName.isEmpty() ? name : packageName + "." + name;
    }
}
