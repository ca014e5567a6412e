package io.monarch.storage;

import io.monarch.api.MonarchException;
import io.monarch.concurrent.Workers;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One file on its way to S3. Small files go up in one request; larger ones as a multipart upload whose parts
 * go up {@value #UPLOADERS} at a time while the next part fills, so a backup is not held to one connection's
 * speed. At most {@value #MAX_IN_FLIGHT_BYTES} bytes of parts wait or travel at once. Part sizes grow with
 * the part number ({@link #partBytes}) so the 10,000 parts S3 allows hold several hundred GB.
 */
final class S3Upload implements BackupUpload {
    static final int UPLOADERS = 4;
    static final long MAX_IN_FLIGHT_BYTES = 32L << 20;
    /** S3's limit on the parts of one upload. */
    static final int MAX_PARTS = 10_000;
    private static final int FIRST_PART_BYTES = 8 << 20;

    private final S3BackupStore store;
    private final String key;
    private final PartStream stream = new PartStream();
    private final List<CompletedPart> parts = new ArrayList<>();
    /** Concurrent: abort may come from the Ctrl-C hook's thread while the writer waits on a part. */
    private final ConcurrentLinkedDeque<InFlight> inFlight = new ConcurrentLinkedDeque<>();
    private ExecutorService uploaders;
    private byte[] buffer = new byte[partBytes(1)];
    private int used;
    private long total;
    private int nextPart = 1;
    private String uploadId;
    private volatile boolean finished;

    private record InFlight(Future<CompletedPart> part, int bytes) {
    }

    S3Upload(S3BackupStore store, String key) {
        this.store = store;
        this.key = key;
    }

    /**
     * The size of part {@code number} (1-based): 8 MiB for the first thousand, 16 MiB for the next, and so on
     * to 80 MiB: 10,000 parts hold 440,000 MiB (about 461 GB), and no part is ever over S3's 5 GiB.
     */
    static int partBytes(int number) {
        return FIRST_PART_BYTES * (1 + (number - 1) / 1000);
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    /** Synchronized with {@link #abort}: a Ctrl-C during commit waits for it, then finds nothing to abort. */
    @Override
    public synchronized long commit() {
        if (finished) {
            throw MonarchException.failed("the upload of " + where() + " was aborted (Ctrl-C or a failure); nothing was kept", null);
        }
        try {
            if (uploadId == null) {
                store.client().putObject(r -> store.encryption(r.bucket(store.bucket()).key(key)),
                        RequestBody.fromBytes(Arrays.copyOf(buffer, used)));
            } else {
                if (used > 0) {
                    sendPart();
                }
                while (!inFlight.isEmpty()) {
                    awaitOldest();
                }
                store.client().completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(store.bucket()).key(key)
                        .uploadId(uploadId).multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()).build());
            }
            finished = true;
            buffer = null;
            stopUploaders();
            return total;
        } catch (SdkException e) {
            abort();
            MonarchException explained = store.explain(e, "upload " + where());
            throw new MonarchException(explained.exitCode(), explained.getMessage() + "; nothing was kept", e);
        } catch (IOException e) {
            abort();
            throw MonarchException.failed(e.getMessage() + "; nothing was kept", e); // a part's failure, already explained
        }
    }

    /**
     * Stops the parts in flight, then aborts the multipart upload, so no part lands after it. Synchronized: when
     * the Ctrl-C hook aborts, the writer's own abort waits for it to finish before the S3 client is closed.
     */
    @Override
    public synchronized void abort() {
        if (finished) {
            return;
        }
        finished = true;
        buffer = null;
        stopUploaders();
        if (uploadId != null) {
            try {
                store.client().abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(store.bucket()).key(key)
                        .uploadId(uploadId).build());
            } catch (SdkException e) {
                store.warn("could not abort the multipart upload " + uploadId + " of " + where() + " ("
                        + e.getMessage() + "); a bucket lifecycle rule for incomplete multipart uploads removes it");
            }
        }
    }

    @Override
    public void close() {
        abort();
    }

    /** An S3 failure during the upload, explained, as the IOException the archive's writer expects. */
    private IOException failure(SdkException e) {
        return new IOException(store.explain(e, "upload " + where()).getMessage(), e);
    }

    private String where() {
        return "s3://" + store.bucket() + "/" + key;
    }

    /** Hands the filled buffer to an uploader, first waiting while too many bytes are already on their way. */
    private void sendPart() throws IOException {
        if (nextPart > MAX_PARTS) {
            throw new IOException("the backup is larger than one S3 upload can hold (" + MAX_PARTS + " parts, about 461 GB); "
                    + "back up with a QuerySet in pieces, or to the local store");
        }
        if (uploadId == null) {
            uploadId = store.client().createMultipartUpload(r -> store.encryption(r.bucket(store.bucket()).key(key))).uploadId();
            uploaders = Workers.fixed("s3-upload", UPLOADERS);
        }
        while (!inFlight.isEmpty() && inFlightBytes() + used > MAX_IN_FLIGHT_BYTES) {
            awaitOldest();
        }
        int number = nextPart++;
        byte[] bytes = buffer;
        int length = used;
        String id = uploadId;
        inFlight.add(new InFlight(uploaders.submit(() -> {
            String etag = store.client().uploadPart(r -> r.bucket(store.bucket()).key(key).uploadId(id).partNumber(number)
                    .contentLength((long) length), RequestBody.fromByteBuffer(ByteBuffer.wrap(bytes, 0, length))).eTag();
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
        }), length));
        buffer = new byte[partBytes(nextPart)];
        used = 0;
    }

    private long inFlightBytes() {
        long bytes = 0;
        for (InFlight part : inFlight) {
            bytes += part.bytes();
        }
        return bytes;
    }

    /** Parts complete in the order they were sent, so the list stays in part-number order. */
    private void awaitOldest() throws IOException {
        InFlight oldest = inFlight.poll();
        try {
            parts.add(oldest.part().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while uploading " + where(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SdkException sdk) {
                throw failure(sdk);
            }
            throw new IOException("uploading a part of " + where() + " failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Parts not yet started never start; parts on their way are let finish (at most 32 MiB), since S3 may
     * still store a part that lands after the upload's abort.
     */
    private void stopUploaders() {
        if (uploaders == null) {
            return;
        }
        for (InFlight part : inFlight) {
            part.part().cancel(false);
        }
        if (!Workers.finish(uploaders, 60)) {
            uploaders.shutdownNow();
            store.warn("parts of " + where() + " were still uploading after 60 s");
        }
    }

    private final class PartStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (finished) {
                throw new IOException("the upload of " + where() + " is over");
            }
            while (length > 0) {
                int n = Math.min(length, buffer.length - used);
                System.arraycopy(bytes, offset, buffer, used, n);
                used += n;
                total += n;
                offset += n;
                length -= n;
                if (used == buffer.length) {
                    try {
                        sendPart();
                    } catch (SdkException e) {
                        throw failure(e);
                    }
                }
            }
        }
    }
}
