package io.monarch.api;

import java.util.Objects;

/**
 * How to copy one environment's database into another.
 *
 * @param querySet     the QuerySet that picks a subset; null for everything
 * @param prompter     answers the QuerySet's prompts
 * @param target       force and the typed name, for a protected target; readers, insertion workers, verify, resume
 * @param segmentBytes a collection larger than this is read as several {@code _id} ranges at once; 0: never
 */
public record CopyOptions(String querySet, QuerySetContext.Prompter prompter, RestoreOptions target, long segmentBytes) {
    /** 64 MiB, the default {@code --segment-size}. */
    public static final long SEGMENT_BYTES = 64L << 20;
    public static final CopyOptions DEFAULT = new CopyOptions(null, Prompters.none(), RestoreOptions.DEFAULT);

    public CopyOptions(String querySet, QuerySetContext.Prompter prompter, RestoreOptions target) {
        this(querySet, prompter, target, SEGMENT_BYTES);
    }

    public CopyOptions {
        Objects.requireNonNull(prompter, "prompter");
        Objects.requireNonNull(target, "target");
        Bounds.bytes(segmentBytes, "--segment-size");
    }

    public CopyOptions withTarget(RestoreOptions options) {
        return new CopyOptions(querySet, prompter, options, segmentBytes);
    }

    public CopyOptions withSegmentBytes(long bytes) {
        return new CopyOptions(querySet, prompter, target, bytes);
    }
}
