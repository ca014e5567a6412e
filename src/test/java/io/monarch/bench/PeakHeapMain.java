package io.monarch.bench;

import io.monarch.cli.MonarchCommand;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * {@code monarch <args>}, then the peak heap it used: the sum of every heap pool's peak usage (an upper
 * bound, as the pools peak at different moments). For the benchmark's -Xmx256m runs.
 */
public final class PeakHeapMain {
    private PeakHeapMain() {
    }

    public static void main(String[] args) {
        int exit = MonarchCommand.execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("peak-heap-mb=" + peak / (1024 * 1024));
        System.exit(exit);
    }
}
