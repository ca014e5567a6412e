package io.monarch.backup;

import io.monarch.api.BackupEntry;
import io.monarch.api.BackupManifest;
import io.monarch.api.PruneResult;
import io.monarch.api.RetentionDecision;
import io.monarch.api.RetentionPolicy;
import io.monarch.api.UnfinishedBackup;
import io.monarch.storage.BackupStore;
import io.monarch.storage.StoredFile;
import io.monarch.storage.UnfinishedFile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Applies a retention policy to the backups of some stores ({@link RetentionSelection} decides) and removes what
 * killed backups left there. A backup goes manifest first, then archive: a backup without a manifest is never
 * listed, so one whose archive could not be deleted is never half there; its archive is a leftover the next prune
 * removes.
 */
public final class PruneService {
    /** A leftover last written longer ago than this is a dead backup's: a running backup writes far more often. */
    public static final Duration LEFTOVER_AGE = Duration.ofDays(1);
    private static final Pattern PARTIAL = Pattern.compile("\\.\\d+\\.partial$");

    private final List<BackupStore> stores;
    private final Clock clock;
    private final Consumer<String> warnings;

    /**
     * @param clock    tells a dead backup's leftovers (over a day old) from a running one's
     * @param warnings where manifests that cannot be read are named: their backups are not touched
     */
    public PruneService(List<BackupStore> stores, Clock clock, Consumer<String> warnings) {
        this.stores = stores;
        this.clock = clock;
        this.warnings = warnings;
    }

    /** A leftover as found, and how to remove it. */
    private record Leftover(UnfinishedBackup found, Runnable removal) {
    }

    /** @param environment only this environment's backups and leftovers; null for all */
    public PruneResult prune(String environment, RetentionPolicy policy, boolean dryRun) {
        Instant cutoff = clock.instant().minus(LEFTOVER_AGE);
        Map<String, BackupStore> byLabel = new HashMap<>();
        List<BackupEntry> backups = new ArrayList<>();
        List<Leftover> leftovers = new ArrayList<>();
        for (BackupStore store : stores) {
            byLabel.put(store.label(), store);
            // listed before anything is deleted: an archive this run fails to delete is told as a problem, not removed twice
            List<StoredFile> files = store.list();
            BackupCatalog.Listing listing = new BackupCatalog(List.of(store)).listing();
            listing.damaged().forEach(d -> warnings.accept("left as it is: " + d));
            listing.backups().stream().filter(b -> ofEnvironment(b.manifest().environment(), environment)).forEach(backups::add);
            leftovers.addAll(archivesWithoutManifest(store, files, environment, cutoff));
            for (UnfinishedFile file : store.unfinished()) {
                Optional<BackupName> name = BackupName.parse(PARTIAL.matcher(file.name()).replaceFirst(""));
                if (name.isPresent() && ofEnvironment(name.get().environment(), environment)) {
                    boolean old = file.lastWritten() != null && file.lastWritten().isBefore(cutoff);
                    leftovers.add(new Leftover(new UnfinishedBackup(store.label(), file.description(), file.bytes(),
                            file.lastWritten(), old), () -> store.discard(file)));
                }
            }
        }
        List<RetentionDecision> decisions = RetentionSelection.decide(policy, backups);
        List<String> problems = new ArrayList<>();
        decisions = decisions.stream().map(d -> d.kept() ? d : keptWhileRead(d, byLabel)).toList();
        if (!dryRun) {
            for (RetentionDecision decision : decisions) {
                if (!decision.kept()) {
                    delete(byLabel.get(decision.backup().store()), decision.backup().manifest(), problems);
                }
            }
            for (BackupStore store : stores) {
                for (StoredFile lease : ReadLease.stale(store.list(), clock.instant())) {
                    try {
                        store.delete(lease.name());
                    } catch (RuntimeException e) {
                        problems.add("could not delete the stale read lease " + store.describe(lease.name()) + ": " + e.getMessage());
                    }
                }
            }
            for (Leftover leftover : leftovers) {
                if (leftover.found().removed()) {
                    try {
                        leftover.removal().run();
                    } catch (RuntimeException e) {
                        problems.add("could not remove " + leftover.found().description() + ": " + e.getMessage());
                    }
                }
            }
        }
        return new PruneResult(policy, dryRun, decisions, leftovers.stream().map(Leftover::found).toList(), problems);
    }

    /** A backup the policy would delete is kept while something reads it (a restore, a verify): its lease says so. */
    private RetentionDecision keptWhileRead(RetentionDecision decision, Map<String, BackupStore> byLabel) {
        BackupStore store = byLabel.get(decision.backup().store());
        List<StoredFile> leases = ReadLease.live(store.list(), decision.backup().manifest().name(), clock.instant());
        if (leases.isEmpty()) {
            return decision;
        }
        return new RetentionDecision(decision.backup(), decision.kind(), List.of("being read (" + leases.size() + " reader"
                + (leases.size() == 1 ? "" : "s") + " since " + leases.get(0).modified() + "): skipped, pruned by a later prune"));
    }

    /** The manifest first: once it is gone the backup is not listed, whether or not its archive follows. */
    private static void delete(BackupStore store, BackupManifest manifest, List<String> problems) {
        String manifestFile = manifest.name() + BackupName.MANIFEST_EXTENSION;
        try {
            store.delete(manifestFile);
        } catch (RuntimeException e) {
            problems.add("could not delete " + store.describe(manifestFile) + " (" + e.getMessage() + "): the backup "
                    + manifest.name() + " is still there, whole; run prune again");
            return;
        }
        try {
            store.delete(manifest.archiveFile());
        } catch (RuntimeException e) {
            problems.add("deleted the manifest of " + manifest.name() + " but not its archive " + store.describe(manifest.archiveFile())
                    + " (" + e.getMessage() + "): the backup is no longer listed; the next prune removes the archive, or delete it");
        }
    }

    /**
     * Archives with no manifest beside them: a backup killed between its archive and its manifest, or one a prune
     * could not finish deleting. One written within a day may be a backup about to write its manifest; it is left.
     */
    private static List<Leftover> archivesWithoutManifest(BackupStore store, List<StoredFile> files, String environment, Instant cutoff) {
        Set<String> names = files.stream().map(StoredFile::name).collect(Collectors.toSet());
        List<Leftover> found = new ArrayList<>();
        for (StoredFile file : files) {
            Optional<BackupName> name = BackupName.parse(file.name());
            if (!isArchive(file.name()) || name.isEmpty() || !ofEnvironment(name.get().environment(), environment)
                    || names.contains(name.get().manifestFile())) {
                continue;
            }
            boolean old = file.modified() != null && file.modified().isBefore(cutoff);
            String manifestFile = name.get().manifestFile();
            found.add(new Leftover(new UnfinishedBackup(store.label(), store.describe(file.name()) + " (an archive with no manifest, "
                    + file.size() + " bytes)", file.size(), file.modified(), old), () -> {
                if (!store.exists(manifestFile)) { // its backup did finish after all, just now: it stays
                    store.delete(file.name());
                }
            }));
        }
        return found;
    }

    private static boolean isArchive(String fileName) {
        return BackupName.archiveExtensions().stream().anyMatch(fileName::endsWith); // encrypted ones too
    }

    private static boolean ofEnvironment(String backupEnvironment, String wanted) {
        return wanted == null || wanted.equals(backupEnvironment);
    }
}
