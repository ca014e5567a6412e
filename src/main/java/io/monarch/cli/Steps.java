package io.monarch.cli;

import io.monarch.api.MonarchException;

/** {@code --count N} of migrate and rollback: N steps, at least one (absent: the options' 0, their default). */
final class Steps {
    private Steps() {
    }

    static int count(Integer count) {
        if (count == null) {
            return 0;
        }
        if (count < 1) {
            throw MonarchException.usage("--count must be 1 or more, not " + count);
        }
        return count;
    }
}
