package io.monarch.storage;

import io.monarch.api.MonarchException;
import io.monarch.config.S3Settings;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Backups in an S3 bucket (or an S3-compatible store at {@code endpoint}, path-style). Credentials come from
 * the default AWS chain (environment, profile, instance role). A file is streamed as a multipart upload, one
 * part of {@value S3Upload#PART_BYTES} bytes in memory at a time, and completed only on commit; any failure
 * aborts the multipart upload so no object and no parts remain.
 */
public final class S3BackupStore implements BackupStore, AutoCloseable {
    private final S3Settings settings;
    private final S3Client client;

    public S3BackupStore(S3Settings settings) {
        this.settings = settings;
        S3ClientBuilder builder = S3Client.builder().region(Region.of(settings.region()));
        settings.endpoint().ifPresent(endpoint -> {
            try {
                builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
            } catch (IllegalArgumentException e) {
                throw MonarchException.usage("backups.s3.endpoint '" + endpoint + "' is not a URL: write it as http(s)://host:port");
            }
        });
        try {
            this.client = builder.build();
        } catch (SdkException e) {
            throw MonarchException.usage("cannot set up the S3 client: " + e.getMessage()
                    + "; check backups.s3.region and the AWS settings (AWS_REGION, AWS_PROFILE)");
        }
    }

    @Override
    public String label() {
        return "s3";
    }

    @Override
    public String describe(String fileName) {
        return "s3://" + settings.bucket() + "/" + key(fileName);
    }

    @Override
    public BackupUpload create(String fileName) {
        return new S3Upload(this, key(fileName));
    }

    @Override
    public InputStream open(String fileName) {
        try {
            return client.getObject(r -> r.bucket(settings.bucket()).key(key(fileName)));
        } catch (NoSuchKeyException e) {
            throw MonarchException.usage("there is no " + describe(fileName) + ": run list_backups --store s3 to see the backups there are");
        } catch (SdkException e) {
            throw explain(e, "read " + describe(fileName));
        }
    }

    @Override
    public boolean exists(String fileName) {
        try {
            client.headObject(r -> r.bucket(settings.bucket()).key(key(fileName)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !isMissingBucket(e)) {
                return false;
            }
            throw explain(e, "look for " + describe(fileName));
        } catch (SdkException e) {
            throw explain(e, "look for " + describe(fileName));
        }
    }

    @Override
    public List<StoredFile> list() {
        List<StoredFile> files = new ArrayList<>();
        String prefix = prefix();
        try {
            for (S3Object object : client.listObjectsV2Paginator(r -> r.bucket(settings.bucket()).prefix(prefix)).contents()) {
                String name = object.key().substring(prefix.length());
                if (!name.isEmpty() && !name.contains("/")) {
                    files.add(new StoredFile(name, object.size(), object.lastModified()));
                }
            }
        } catch (SdkException e) {
            throw explain(e, "list s3://" + settings.bucket() + "/" + prefix);
        }
        return files;
    }

    @Override
    public void delete(String fileName) {
        try {
            client.deleteObject(r -> r.bucket(settings.bucket()).key(key(fileName)));
        } catch (SdkException e) {
            throw explain(e, "delete " + describe(fileName));
        }
    }

    @Override
    public void close() {
        client.close();
    }

    S3Client client() {
        return client;
    }

    String bucket() {
        return settings.bucket();
    }

    private String prefix() {
        String prefix = settings.prefix() == null ? "" : settings.prefix();
        return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    private String key(String fileName) {
        if (fileName.contains("/")) {
            throw MonarchException.usage("'" + fileName + "' is not a backup file name");
        }
        return prefix() + fileName;
    }

    /** An S3 failure as a message that says what to do. */
    MonarchException explain(SdkException e, String action) {
        String bucket = settings.bucket();
        if (e instanceof NoSuchBucketException || (e instanceof S3Exception s3 && isMissingBucket(s3))) {
            return MonarchException.usage("cannot " + action + ": the bucket '" + bucket + "' does not exist; create it, "
                    + "or fix backups.s3.bucket (and region/endpoint) in the settings");
        }
        if (e instanceof S3Exception s3 && s3.statusCode() == 403) {
            return MonarchException.usage("cannot " + action + ": access denied to bucket '" + bucket + "'; check the AWS "
                    + "credentials monarch finds (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, instance role) "
                    + "and that they may use this bucket");
        }
        if (e instanceof SdkClientException) {
            return MonarchException.failed("cannot " + action + ": " + e.getMessage()
                    + " (check the network, backups.s3.endpoint/region, and the AWS credentials)", e);
        }
        return MonarchException.failed("cannot " + action + ": " + e.getMessage(), e);
    }

    private static boolean isMissingBucket(S3Exception e) {
        return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    /** One file on its way up: parts are uploaded as the buffer fills; small files go up in one request. */
    static final class S3Upload implements BackupUpload {
        static final int PART_BYTES = 8 * 1024 * 1024;

        private final S3BackupStore store;
        private final String key;
        private final List<CompletedPart> parts = new ArrayList<>();
        private final PartStream stream = new PartStream();
        private byte[] buffer = new byte[PART_BYTES];
        private int used;
        private long total;
        private String uploadId;
        private boolean finished;

        S3Upload(S3BackupStore store, String key) {
            this.store = store;
            this.key = key;
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        @Override
        public long commit() {
            try {
                if (uploadId == null) {
                    store.client.putObject(r -> r.bucket(store.bucket()).key(key),
                            RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, used)));
                } else {
                    uploadPart();
                    store.client.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(store.bucket()).key(key)
                            .uploadId(uploadId).multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()).build());
                }
                finished = true;
                buffer = null;
                return total;
            } catch (SdkException e) {
                abort();
                throw store.explain(e, "upload s3://" + store.bucket() + "/" + key);
            }
        }

        @Override
        public void abort() {
            if (finished) {
                return;
            }
            finished = true;
            buffer = null;
            if (uploadId != null) {
                try {
                    store.client.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(store.bucket()).key(key)
                            .uploadId(uploadId).build());
                } catch (SdkException e) {
                    System.err.println("could not abort the multipart upload " + uploadId + " of s3://" + store.bucket() + "/"
                            + key + " (" + e.getMessage() + "); a bucket lifecycle rule for incomplete multipart uploads removes it");
                }
            }
        }

        @Override
        public void close() {
            abort();
        }

        private void uploadPart() {
            if (uploadId == null) {
                uploadId = store.client.createMultipartUpload(r -> r.bucket(store.bucket()).key(key)).uploadId();
            }
            int number = parts.size() + 1;
            String etag = store.client.uploadPart(r -> r.bucket(store.bucket()).key(key).uploadId(uploadId).partNumber(number)
                    .contentLength((long) used), RequestBody.fromByteBuffer(java.nio.ByteBuffer.wrap(buffer, 0, used))).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            used = 0;
        }

        private final class PartStream extends OutputStream {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (finished) {
                    throw new IOException("the upload of s3://" + store.bucket() + "/" + key + " is over");
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
                            uploadPart();
                        } catch (SdkException e) {
                            throw new IOException(store.explain(e, "upload s3://" + store.bucket() + "/" + key).getMessage(), e);
                        }
                    }
                }
            }
        }
    }
}
