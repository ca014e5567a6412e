package io.monarch.queryset;

import io.monarch.api.Mask;
import io.monarch.api.QuerySetContext.MaskRule;
import io.monarch.intent.DocumentShaper;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Applies a QuerySet's masks to documents as they stream. Only documents of masked collections are decoded;
 * the others pass through as raw bytes. The keyed hash (HMAC-SHA256 under the run key) makes every mask
 * deterministic for a run: the same value masks alike in every collection.
 */
public final class DocumentMasker implements DocumentShaper, Mask.MaskSecret {
    private final Map<String, List<MaskRule>> rules;
    private final ThreadLocal<Mac> mac;

    public DocumentMasker(List<MaskRule> rules, byte[] runKey) {
        this.rules = rules.stream().collect(Collectors.groupingBy(MaskRule::collection));
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(runKey, "HmacSHA256"));
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every Java has HmacSHA256", e);
            }
        });
    }

    @Override
    public RawBsonDocument shape(String collection, RawBsonDocument document) {
        List<MaskRule> forCollection = rules.get(collection);
        if (forCollection == null) {
            return document;
        }
        BsonDocument decoded = document.decode(new BsonDocumentCodec());
        for (MaskRule rule : forCollection) {
            apply(decoded, rule.field().split("\\."), 0, rule.mask());
        }
        return new RawBsonDocument(decoded, new BsonDocumentCodec());
    }

    private void apply(BsonDocument document, String[] path, int depth, Mask mask) {
        String key = path[depth];
        BsonValue value = document.get(key);
        if (value == null) {
            return;
        }
        if (depth < path.length - 1) {
            descend(value, path, depth + 1, mask);
            return;
        }
        if (value.isArray()) {
            BsonArray masked = new BsonArray();
            for (BsonValue element : value.asArray()) {
                BsonValue m = mask.apply(element, this);
                if (m != null) {
                    masked.add(m);
                }
            }
            document.put(key, masked);
            return;
        }
        BsonValue masked = mask.apply(value, this);
        if (masked == null) {
            document.remove(key);
        } else {
            document.put(key, masked);
        }
    }

    private void descend(BsonValue value, String[] path, int depth, Mask mask) {
        if (value.isDocument()) {
            apply(value.asDocument(), path, depth, mask);
        } else if (value.isArray()) {
            for (BsonValue element : value.asArray()) {
                descend(element, path, depth, mask);
            }
        }
    }

    @Override
    public byte[] of(BsonValue value) {
        RawBsonDocument wrapped = new RawBsonDocument(new BsonDocument("v", value), new BsonDocumentCodec());
        ByteBuffer bytes = wrapped.getByteBuffer().asNIO();
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        return mac.get().doFinal(copy);
    }
}
