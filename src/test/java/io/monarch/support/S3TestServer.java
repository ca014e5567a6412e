package io.monarch.support;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.io.MutableContentMetadata;
import org.jclouds.io.Payload;
import org.jclouds.io.Payloads;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An S3 server inside the test JVM (s3proxy over jclouds' in-memory store) on 127.0.0.1, with real
 * request signing. monarch finds its credentials as it would a user's, through the default AWS chain:
 * here the {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties, set on start.
 */
public final class S3TestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "monarch-test";
    public static final String SECRET_KEY = "monarch-test-secret";

    private final S3Proxy proxy;
    private final S3Client client;
    private final FaultyBlobStore store;

    private S3TestServer(S3Proxy proxy, S3Client client, FaultyBlobStore store) {
        this.proxy = proxy;
        this.client = client;
        this.store = store;
    }

    /** From now on, every multipart part numbered {@code partNumber} or higher fails as a broken store would. */
    public void failPartsFrom(int partNumber) {
        store.failFrom.set(partNumber);
    }

    /** The next {@code times} reads of an archive break off after {@code afterBytes} bytes, as a reset connection does. */
    public void cutArchiveReads(int times, int afterBytes) {
        store.cutAfterBytes.set(afterBytes);
        store.cutsLeft.set(times);
    }

    public void stopFailing() {
        store.failFrom.set(Integer.MAX_VALUE);
        store.cutsLeft.set(0);
        store.partDelayMillis.set(0);
        store.mostPartsAtOnce.set(0);
    }

    /** Each part upload takes at least this long, as over a real network: concurrency becomes visible. */
    public void slowParts(int millis) {
        store.partDelayMillis.set(millis);
    }

    /** Part uploads in progress now. */
    public int partsNow() {
        return store.partsNow.get();
    }

    /** The most part uploads that were in progress at one time since {@link #stopFailing}. */
    public int mostPartsAtOnce() {
        return store.mostPartsAtOnce.get();
    }

    /** The in-memory store behind the proxy, able to fail uploads part way. */
    private static final class FaultyBlobStore extends ForwardingBlobStore {
        final AtomicInteger failFrom = new AtomicInteger(Integer.MAX_VALUE);
        final AtomicInteger partDelayMillis = new AtomicInteger();
        final AtomicInteger partsNow = new AtomicInteger();
        final AtomicInteger mostPartsAtOnce = new AtomicInteger();
        final AtomicInteger cutsLeft = new AtomicInteger();
        final AtomicInteger cutAfterBytes = new AtomicInteger();

        FaultyBlobStore(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public Blob getBlob(String container, String name, GetOptions options) {
            Blob blob = super.getBlob(container, name, options);
            if (blob == null || !name.contains(".archive") || cutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) <= 0) {
                return blob;
            }
            try {
                MutableContentMetadata metadata = blob.getPayload().getContentMetadata();
                Payload cut = Payloads.newInputStreamPayload(new CutStream(blob.getPayload().openStream(), cutAfterBytes.get()));
                cut.setContentMetadata(metadata);
                blob.setPayload(cut);
                return blob;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Fails a read once {@code after} bytes have been read: the server drops the connection mid-body. */
        private static final class CutStream extends FilterInputStream {
            private long left;

            CutStream(InputStream in, long after) {
                super(in);
                this.left = after;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] bytes, int offset, int count) throws IOException {
                if (left <= 0) {
                    throw new IOException("test store: connection cut");
                }
                int n = super.read(bytes, offset, (int) Math.min(count, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        }

        @Override
        public MultipartPart uploadMultipartPart(MultipartUpload upload, int partNumber, Payload payload) {
            if (partNumber >= failFrom.get()) {
                throw new IllegalStateException("test store: part " + partNumber + " refused");
            }
            mostPartsAtOnce.accumulateAndGet(partsNow.incrementAndGet(), Math::max);
            try {
                Thread.sleep(partDelayMillis.get());
                return super.uploadMultipartPart(upload, partNumber, payload);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                partsNow.decrementAndGet();
            }
        }
    }

    public static S3TestServer start() throws Exception {
        Properties properties = new Properties();
        BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .overrides(properties).build(BlobStoreContext.class);
        FaultyBlobStore store = new FaultyBlobStore(context.getBlobStore());
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // takes headers it does not act on, server-side encryption's among them (501 otherwise); tests that
                // need them check the requests on the wire (RecordingRelay)
                .ignoreUnknownHeaders(true).build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        S3Client client = S3Client.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort())).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
        return new S3TestServer(proxy, client, store);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /** A client for the test's own checks (what objects and multipart uploads the bucket holds). */
    public S3Client client() {
        return client;
    }

    public void createBucket(String bucket) {
        client.createBucket(r -> r.bucket(bucket));
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
    }
}
