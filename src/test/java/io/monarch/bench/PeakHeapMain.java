package io.monarch.bench;

import io.monarch.cli.MonarchCommand;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * {@code monarch <args>}, then the peak heap it used: the sum of every heap pool's peak usage (an upper
 * bound, as the pools peak at different moments), and on Linux its peak resident memory. For the benchmarks'
 * child JVMs.
 */
public final class PeakHeapMain {
    private PeakHeapMain() {
    }

    public static void main(String[] args) {
        // a benchmark killed outright must not leave a serving child behind
        ProcessHandle.current().parent().ifPresent(parent -> {
            Thread watch = new Thread(() -> {
                parent.onExit().join();
                Runtime.getRuntime().halt(1);
            }, "exit-with-parent");
            watch.setDaemon(true);
            watch.start();
        });
        int exit = MonarchCommand.execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("peak-heap-mb=" + peak / (1024 * 1024));
        try {
            System.out.println("peak-rss-mb=" + EmbeddedBenchmark.peakResidentMegabytes(ProcessHandle.current().pid()));
        } catch (java.io.IOException notLinux) {
            // no /proc here: the heap figure is all there is
        }
        System.exit(exit);
    }
}
