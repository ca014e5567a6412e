package io.monarch.api;

/** Checks that numbers a user gives are in range: the library refuses (exit 2) what the CLI would, never clamps. */
final class Bounds {
    /** The most threads of one kind a run starts. */
    static final int MAX_THREADS = 64;

    private Bounds() {
    }

    /** {@code n} readers, workers or tenants at once: 1 to {@value #MAX_THREADS}, else a usage error naming {@code option}. */
    static int threads(int n, String option, String what) {
        if (n < 1 || n > MAX_THREADS) {
            throw MonarchException.usage(option + " " + n + " is out of range; use 1 to " + MAX_THREADS + " " + what + " at once");
        }
        return n;
    }

    /** A size in bytes that may be 0 (meaning never) but not negative. */
    static long bytes(long n, String option) {
        if (n < 0) {
            throw MonarchException.usage(option + " " + n + " is negative; give a size, or 0 for never");
        }
        return n;
    }
}
