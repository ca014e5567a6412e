package io.monarch.archive;

/**
 * The archive's header document: how many collections were dumped at once, the format version ("0.1"),
 * the source server's version and the tool that wrote it.
 */
public record ArchiveHeader(int concurrentCollections, String formatVersion, String serverVersion, String toolVersion) {
    public static final String FORMAT_VERSION = "0.1";
}
