package io.monarch.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the terminal bar says as a backup, restore or copy moves. */
class ProgressBarTest {
    private final ProgressBar bar = new ProgressBar(new PrintWriter(new StringWriter()));

    @Test
    void withCountsKnownAheadItShowsTheWholeAndEachCollectionStillMoving() {
        bar.expect("users", 1_000);
        bar.expect("orders", 3_000);
        bar.expect("a_view", 0);
        bar.moved("users", 1_000, 1_000_000);
        bar.finished("users");
        bar.moved("orders", 1_000, 1_000_000);

        String line = bar.line(2.0);
        assertTrue(line.startsWith("  50%  2,000 of 4,000 documents"), line);
        assertTrue(line.contains("orders 33%"), line);
        assertFalse(line.contains("users 100%"), "a finished collection leaves the list: " + line);
        assertTrue(line.contains("(1 of 2 collections done)"), line);
        assertTrue(line.contains("/s"), line);
    }

    @Test
    void aCollectionOfUnknownSizeShowsItsCountAndNoShareIsGuessed() {
        bar.expect("users", 1_000);
        bar.moved("users", 500, 500_000);
        bar.moved("selected", 42, 4_200);

        String line = bar.line(1.0);
        assertTrue(line.startsWith("  542 documents"), line);
        assertTrue(line.contains("users 50% · selected 42"), line);

        bar.finished("selected");
        assertTrue(bar.line(1.0).startsWith("  52%  542 of 1,042 documents"), bar.line(1.0));
    }

    @Test
    void manyCollectionsAreCutToTheTerminalLine() {
        for (int i = 0; i < 40; i++) {
            bar.expect("collection_number_" + i, 100);
            bar.moved("collection_number_" + i, 10, 100);
        }
        String line = bar.line(1.0);
        assertEquals(ProgressBar.WIDTH, line.length());
        assertTrue(line.endsWith("…"), line);
    }
}
