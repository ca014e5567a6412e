package io.monarch.load;

import io.monarch.api.LoadResult;
import io.monarch.api.Progress;
import io.monarch.api.RestoreOptions;
import io.monarch.config.MigrationSettings;
import io.monarch.intent.CollectionIntent;
import io.monarch.intent.Segment;
import io.monarch.mongo.MongoConnection;
import io.monarch.source.DumpSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Restores a dump into an environment's database: a {@link StagedRun} whose input is the dump, streamed once from its
 * start. A corrupt, truncated or mismatched dump fails before any target collection is replaced. Each collection
 * loaded whole is written down, so a restore killed or cut off part way can be resumed: the dump is read again from
 * its start (a stream cannot skip), the collections it had loaded read past and checked by content hash, the others
 * loaded.
 */
public final class RestoreService {
    private final MongoConnection target;
    private final MigrationSettings settings;
    private final RestoreOptions options;
    private final Progress progress;
    private final Consumer<String> say;

    /**
     * @param settings where the target's lock and monarch's own collections are, and how long to wait for the lock
     * @param say      where a Ctrl-C's cleanup is told as it happens
     */
    public RestoreService(MongoConnection target, MigrationSettings settings, RestoreOptions options, Progress progress,
                          Consumer<String> say) {
        this.target = target;
        this.settings = settings;
        this.options = options;
        this.progress = progress;
        this.say = say;
    }

    public LoadResult restore(DumpSource source) {
        try (source) {
            RestoreSelection selection = RestoreSelection.of(source.collections(), options.fromDb(), options.collections(),
                    source.description(), source.singleCollection());
            List<String> warnings = new ArrayList<>(selection.notes());
            return new StagedRun(target, settings, options, progress, say).run(new DumpInput(source, selection), warnings);
        } catch (IOException e) {
            throw StagedLoad.failed("restore of " + source.description(), target.environment(), e);
        }
    }

    /** A dump as a staged run's input: each collection one segment, fed in the dump's order. */
    private final class DumpInput implements StagedRun.Input {
        private final DumpSource source;
        private final RestoreSelection selection;

        DumpInput(DumpSource source, RestoreSelection selection) {
            this.source = source;
            this.selection = selection;
        }

        @Override
        public String operation() {
            return "restore";
        }

        @Override
        public String source() {
            return source.description();
        }

        @Override
        public String identity() {
            return source.identity();
        }

        @Override
        public String what() {
            return "restore of " + source.description();
        }

        @Override
        public String units() {
            return "collections";
        }

        @Override
        public boolean resumable() {
            return true;
        }

        @Override
        public List<CollectionIntent> collections() {
            return selection.intents();
        }

        @Override
        public boolean replacesAll() {
            return selection.whole();
        }

        @Override
        public Map<String, List<Segment>> plan(List<CollectionIntent> collections) {
            // a stream cannot skip: a restore resumes by collection, reading past (and checking) those it loaded
            Map<String, List<Segment>> plan = new HashMap<>();
            collections.stream().filter(i -> !i.isView()).forEach(i -> plan.put(i.name(), List.of(Segment.whole(i.name()))));
            return plan;
        }

        @Override
        public String resumedNote(ResumeState resumed, StagedLoad load) {
            return "resumed: " + resumed.finishedSegments() + " of " + resumed.segments() + " collections were loaded by the "
                    + "restore that stopped; they are read past (and checked), the others loaded";
        }

        @Override
        public void feed(StagedLoad load, Map<String, List<Segment>> plan) throws IOException {
            Map<String, Long> expected = source.expectedDocuments();
            for (CollectionIntent intent : load.collections()) {
                progress.expect(intent.name(), expected.getOrDefault(selection.database() + "." + intent.name(), 0L));
            }
            source.stream(selection.into(load));
        }

        @Override
        public Map<String, Long> expectedHashes() {
            return source.expectedHashes();
        }

        @Override
        public String historySource() {
            return "the dump";
        }
    }
}
