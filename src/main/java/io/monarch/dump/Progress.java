package io.monarch.dump;

/** Told as documents move, per collection; the CLI draws a bar from it on a terminal. Called from many threads. */
public interface Progress {
    Progress NONE = (collection, documents, bytes) -> { };

    void moved(String collection, long documents, long bytes);
}
