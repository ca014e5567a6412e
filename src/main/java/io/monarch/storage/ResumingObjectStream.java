package io.monarch.storage;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;

/**
 * An S3 object read as one stream that survives a dropped connection: the read of a large backup can
 * take an hour, and S3 may reset a connection that long. When the stream breaks before the object's
 * end it is opened again from the next byte (a range request), up to {@value #RESUMES} times, and only if
 * the object is still the one first opened (same ETag) — a backup replaced meanwhile fails instead.
 */
final class ResumingObjectStream extends InputStream {
    static final int RESUMES = 5;

    private final S3Client client;
    private final String bucket;
    private final String key;
    private final String etag;
    private final long length;
    private ResponseInputStream<GetObjectResponse> current;
    private long position;
    private int resumed;

    /** Opens the object; a missing object or bucket throws here, as the SDK reports it. */
    ResumingObjectStream(S3Client client, String bucket, String key) {
        this.client = client;
        this.bucket = bucket;
        this.key = key;
        this.current = client.getObject(r -> r.bucket(bucket).key(key));
        this.etag = current.response().eTag();
        this.length = current.response().contentLength();
    }

    int resumes() {
        return resumed;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int count) throws IOException {
        if (count == 0) {
            return 0;
        }
        while (true) {
            try {
                int n = current.read(bytes, offset, count);
                if (n > 0) {
                    position += n;
                    return n;
                }
                if (n < 0 && position >= length) {
                    return -1;
                }
                if (n < 0) {
                    throw new IOException("the connection ended at byte " + position + " of " + length);
                }
            } catch (IOException | SdkException e) {
                resume(e);
            }
        }
    }

    private void resume(Exception cause) throws IOException {
        closeQuietly();
        if (resumed >= RESUMES) {
            throw new IOException("reading s3://" + bucket + "/" + key + " broke off " + (RESUMES + 1) + " times (last: "
                    + cause.getMessage() + "); check the network and run the command again", cause);
        }
        resumed++;
        try {
            Thread.sleep(100L << resumed); // 0.2 s, 0.4 s, ... 3.2 s: a moment for the network to recover
            long from = position;
            current = client.getObject(r -> r.bucket(bucket).key(key).ifMatch(etag).range("bytes=" + from + "-"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while resuming the read of s3://" + bucket + "/" + key, e);
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new IOException("s3://" + bucket + "/" + key + " was replaced while it was being read", e);
            }
            resume(e);
        } catch (SdkException e) {
            resume(e);
        }
    }

    private void closeQuietly() {
        try {
            current.abort(); // drop the connection rather than drain what is left of it
        } catch (RuntimeException ignored) {
            // it is broken already
        }
    }

    @Override
    public void close() throws IOException {
        if (position < length) {
            current.abort();
        }
        current.close();
    }
}
