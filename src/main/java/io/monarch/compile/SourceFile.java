package io.monarch.compile;

import java.nio.file.Path;

/**
 * A user's Java source file (a migration, a QuerySet).
 *
 * @param name        the class's simple name, from the file name
 * @param packageName the package it declares ("" for none)
 * @param sha256      of its bytes: drift checks and the compile cache's key
 */
public record SourceFile(String name, Path path, String packageName, String sha256) {

    public String binaryName() {
        return packageName.isEmpty() ? name : packageName + "." + name;
    }
}
