package io.monarch.cli;

import io.monarch.api.MonarchException;

/** {@code <source>:<env>} as restore and copy_db take it; the last ':' splits, so paths may hold one. */
record Target(String source, String environment) {
    static Target parse(String spec, String example) {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw MonarchException.usage("'" + spec + "' is not " + example);
        }
        return new Target(spec.substring(0, colon), spec.substring(colon + 1));
    }
}
