package io.monarch.cli;

import io.monarch.api.MonarchException;

/** -j's number, checked. */
final class Parallelism {
    private Parallelism() {
    }

    static int check(int n) {
        if (n < 1 || n > 64) {
            throw MonarchException.usage("-j " + n + " is out of range; use 1 to 64 readers at once");
        }
        return n;
    }
}
