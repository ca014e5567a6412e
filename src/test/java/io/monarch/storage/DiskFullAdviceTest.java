package io.monarch.storage;

import org.junit.jupiter.api.Test;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A full disk under a local backup is reported as such, with what to do, not as a bare system error. */
class DiskFullAdviceTest {

    @Test
    void aRealFullDeviceIsExplainedWithWhatToDo() {
        // Linux's /dev/full fails every write with ENOSPC, the error a full disk gives
        assumeTrue(Files.isWritable(Path.of("/dev/full")), "no /dev/full on this machine");
        Path folder = Path.of("/backups/here");
        IOException failure = assertThrows(IOException.class, () -> {
            try (OutputStream out = DiskFullAdvice.explaining(new FileOutputStream("/dev/full"), folder)) {
                out.write(new byte[1 << 16]);
            }
        });
        assertTrue(failure.getMessage().startsWith("the disk holding /backups/here is full"), failure.getMessage());
        assertTrue(failure.getMessage().contains("free space there"), failure.getMessage());
    }

    @Test
    void otherFailuresPassUnchanged() {
        IOException other = new IOException("Permission denied");
        assertSame(other, DiskFullAdvice.explain(other, Path.of("/b")));
        assertEquals(false, DiskFullAdvice.isDiskFull(new IOException((String) null)));
    }
}
