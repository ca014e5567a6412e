package io.monarch.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the terminal bar says as a backup, restore or copy moves. */
class ProgressBarTest {
    private final StringWriter drawn = new StringWriter();
    private final ProgressBar bar = new ProgressBar(new PrintWriter(drawn), ProgressBar.DEFAULT_WIDTH);

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
        manyCollections(bar);
        String line = bar.line(1.0);
        assertEquals(ProgressBar.DEFAULT_WIDTH, line.length());
        assertTrue(line.endsWith("…"), line);
    }

    @Test
    void theBarFitsTheTerminalColumnsAndIsNeverWider() {
        assertEquals(79, ProgressBar.widthFor("80"), "one column stays free, so the cursor never wraps");
        assertEquals(ProgressBar.DEFAULT_WIDTH, ProgressBar.widthFor(null), "COLUMNS not set");
        assertEquals(ProgressBar.DEFAULT_WIDTH, ProgressBar.widthFor("wide"));

        for (int columns : new int[]{40, 80, 200}) {
            StringWriter terminal = new StringWriter();
            ProgressBar narrow = new ProgressBar(new PrintWriter(terminal), ProgressBar.widthFor(Integer.toString(columns)));
            manyCollections(narrow);
            narrow.close(); // draws once more, then ends the line
            String[] redraws = terminal.toString().strip().split("\r");
            for (String redraw : redraws) {
                assertTrue(redraw.length() < columns, columns + " columns: " + redraw.length() + " drawn: " + redraw);
            }
            assertTrue(redraws[redraws.length - 1].strip().endsWith("…"), "what does not fit is cut: " + redraws[redraws.length - 1]);
        }
    }

    @Test
    void afterTheDocumentsItSaysWhatTheRunIsDoing() {
        bar.expect("users", 1_000);
        bar.expect("orders", 3_000);
        bar.moved("users", 1_000, 1_000_000);
        bar.moved("orders", 3_000, 3_000_000);
        bar.finished("users");
        bar.finished("orders");

        bar.phase("building indexes on 2 collections");
        String line = bar.line(5.0);
        assertTrue(line.startsWith("  100%  4,000 of 4,000 documents"), line);
        assertTrue(line.endsWith("| building indexes on 2 collections"), line);

        bar.phase("swapping 2 collections in");
        assertTrue(bar.line(6.0).endsWith("| swapping 2 collections in"), bar.line(6.0));
        bar.close();
        assertTrue(drawn.toString().contains("swapping 2 collections in"), "the last drawing says it: " + drawn);
    }

    private static void manyCollections(ProgressBar bar) {
        for (int i = 0; i < 40; i++) {
            bar.expect("collection_number_" + i, 100);
            bar.moved("collection_number_" + i, 10, 100);
        }
    }
}
