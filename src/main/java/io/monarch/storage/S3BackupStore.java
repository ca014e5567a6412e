package io.monarch.storage;

import io.monarch.api.MonarchException;
import io.monarch.api.Store;
import io.monarch.config.S3Settings;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Backups in an S3 bucket (or an S3-compatible store at {@code endpoint}, path-style). Credentials come from
 * the default AWS chain (environment, profile, instance role). A file is streamed as a multipart upload
 * ({@link S3Upload}: several parts in flight, memory bounded) and completed only on commit; any failure aborts
 * the multipart upload so no object and no parts remain. With {@code backups.s3.sse}, every upload (archive and
 * manifest, one request or multipart) asks S3 to encrypt what it stores, with {@code kms_key_id} for aws:kms.
 */
public final class S3BackupStore implements BackupStore {
    private final S3Settings settings;
    private final S3Client client;
    private final Consumer<String> warnings;

    /** @param warnings where the store tells what it could not clean up (an upload it could not abort) */
    public S3BackupStore(S3Settings settings, Consumer<String> warnings) {
        this.settings = settings;
        this.warnings = warnings;
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
    public Store kind() {
        return Store.S3;
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
            return new ResumingObjectStream(client, settings.bucket(), key(fileName));
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

    /**
     * Multipart uploads under the prefix never completed nor aborted (a process killed mid-upload). Last written:
     * its newest part's time, else when it was started, so a long upload still running counts as recent.
     */
    @Override
    public List<UnfinishedFile> unfinished() {
        List<UnfinishedFile> uploads = new ArrayList<>();
        String prefix = prefix();
        try {
            for (MultipartUpload upload : client.listMultipartUploadsPaginator(r -> r.bucket(settings.bucket()).prefix(prefix)).uploads()) {
                long bytes = 0;
                Instant lastWritten = upload.initiated();
                try {
                    for (Part part : client.listPartsPaginator(r -> r.bucket(settings.bucket()).key(upload.key())
                            .uploadId(upload.uploadId())).parts()) {
                        bytes += part.size() == null ? 0 : part.size();
                        if (part.lastModified() != null && (lastWritten == null || part.lastModified().isAfter(lastWritten))) {
                            lastWritten = part.lastModified();
                        }
                    }
                } catch (NoSuchUploadException e) {
                    continue; // completed or aborted since it was listed
                }
                uploads.add(new UnfinishedFile(upload.key().substring(prefix.length()), upload.uploadId(), bytes, lastWritten,
                        "s3://" + settings.bucket() + "/" + upload.key() + " (multipart upload " + upload.uploadId()
                                + ", started " + upload.initiated() + ", " + bytes + " bytes)"));
            }
        } catch (SdkException e) {
            throw explain(e, "list the unfinished uploads of s3://" + settings.bucket() + "/" + prefix);
        }
        return uploads;
    }

    /** Aborts the upload: S3 drops its parts. One already completed or aborted is left as it is. */
    @Override
    public void discard(UnfinishedFile leftover) {
        String key = prefix() + leftover.name();
        try {
            client.abortMultipartUpload(r -> r.bucket(settings.bucket()).key(key).uploadId(leftover.uploadId()));
        } catch (NoSuchUploadException e) {
            // gone already: nothing left to abort
        } catch (SdkException e) {
            throw explain(e, "abort the upload " + leftover.uploadId() + " of s3://" + settings.bucket() + "/" + key);
        }
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

    void warn(String message) {
        warnings.accept(message);
    }

    S3Client client() {
        return client;
    }

    String bucket() {
        return settings.bucket();
    }

    /** The server-side encryption asked of S3, on the request that starts a multipart upload. */
    void encryption(CreateMultipartUploadRequest.Builder request) {
        settings.sse().ifPresent(request::serverSideEncryption);
        settings.kmsKeyId().ifPresent(request::ssekmsKeyId);
    }

    /** The same, on a one-request upload. */
    void encryption(PutObjectRequest.Builder request) {
        settings.sse().ifPresent(request::serverSideEncryption);
        settings.kmsKeyId().ifPresent(request::ssekmsKeyId);
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
}
