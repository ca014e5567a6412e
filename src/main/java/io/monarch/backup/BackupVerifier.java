package io.monarch.backup;

import io.monarch.source.DumpSource;
import io.monarch.api.ExitCode;
import io.monarch.api.MonarchException;
import io.monarch.api.VerifyResult;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads a backup end to end, as a restore would but with no target: every document's framing, each collection's
 * CRC-64 and, with a manifest, the archive's size and SHA-256 and each collection's count. An encrypted backup
 * whose key is not configured gets what can be checked without it, the size and SHA-256 of the bytes stored:
 * different, it failed (exit 1); the same, it is still a usage error (exit 2) that says so, since its contents
 * went unchecked. A manifest's MAC is checked first; one whose key is not configured is read all the same, and a
 * backup that then checks out is a usage error (exit 2) saying that its manifest went unchecked.
 */
public final class BackupVerifier {
    private BackupVerifier() {
    }

    /** @param open opens the backup; a backup that cannot even be opened (a damaged manifest) is a failed check too */
    public static VerifyResult verify(String backup, Supplier<DumpSources.Opened> open) {
        try {
            return read(backup, open);
        } catch (DumpSources.UncheckedManifestException e) {
            VerifyResult unchecked = read(backup, e::openUnchecked);
            if (!unchecked.ok()) {
                return unchecked;
            }
            throw MonarchException.usage(e.reason() + ". Without it the manifest's MAC was not checked: the backup matches its "
                    + "manifest (size, SHA-256, counts, CRC-64), but the manifest itself could have been changed");
        }
    }

    private static VerifyResult read(String backup, Supplier<DumpSources.Opened> open) {
        long[] documents = {0};
        long[] bytes = {0};
        int[] collections = {0};
        boolean againstManifest = false;
        DumpSources.Opened opened;
        try {
            opened = open.get();
        } catch (DumpSources.UncheckedManifestException e) {
            throw e; // verify reads it all the same, then says the manifest went unchecked
        } catch (DumpSources.MissingKeyException e) {
            return storedBytesOnly(backup, e);
        } catch (MonarchException e) {
            if (e.exitCode() == ExitCode.USAGE) {
                throw e; // no such backup: nothing was checked
            }
            return new VerifyResult(backup, false, false, 0, 0, 0, null, e.getMessage());
        }
        String authenticatedBy = opened.authenticatedBy();
        try (DumpSource source = opened.source()) {
            againstManifest = source.checkedAgainstManifest();
            source.collections();
            source.stream(new DumpSource.DocumentSink() {
                @Override
                public void document(String database, String collection, byte[] bson) {
                    documents[0]++;
                    bytes[0] += bson.length;
                }

                @Override
                public void end(String database, String collection, long count) {
                    collections[0]++;
                }
            });
            return new VerifyResult(backup, true, againstManifest, collections[0], documents[0], bytes[0], authenticatedBy, null);
        } catch (IOException e) {
            return new VerifyResult(backup, false, againstManifest, collections[0], documents[0], bytes[0], authenticatedBy, e.getMessage());
        } catch (MonarchException e) {
            if (e.exitCode() == ExitCode.USAGE) {
                throw e; // a key that does not decrypt: nothing was checked
            }
            return new VerifyResult(backup, false, againstManifest, collections[0], documents[0], bytes[0], authenticatedBy, e.getMessage());
        }
    }

    private static VerifyResult storedBytesOnly(String backup, DumpSources.MissingKeyException missing) {
        Optional<String> problem;
        try {
            problem = missing.checkStoredBytes();
        } catch (IOException e) {
            return new VerifyResult(backup, false, true, 0, 0, 0, null, "cannot read it: " + e.getMessage());
        }
        if (problem.isPresent()) {
            return new VerifyResult(backup, false, true, 0, 0, 0, null, problem.get());
        }
        throw MonarchException.usage(missing.reason() + ". Without it only the bytes stored were checked: their size and "
                + "SHA-256 match the manifest, but the contents were not checked");
    }
}
