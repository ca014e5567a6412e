package io.monarch.source;

import io.monarch.intent.MalformedDumpException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Collection names as mongodump writes them into file names: 4.0.8 and later percent-escape them ({@code cafés}
 * → {@code caf%C3%A9s}, {@code a/b} → {@code a%2Fb}). Decoded as Go's PathUnescape does: {@code %XX} only, a
 * {@code +} stays a {@code +} (a 4.x dump of {@code a+b} keeps it; 100.x dumps name the collection in their
 * metadata, which wins).
 */
final class EscapedNames {
    private EscapedNames() {
    }

    static String unescape(String stem, Path file) throws MalformedDumpException {
        if (stem.indexOf('%') < 0) {
            return stem;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] raw = stem.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%') {
                if (i + 2 >= raw.length || Character.digit(raw[i + 1], 16) < 0 || Character.digit(raw[i + 2], 16) < 0) {
                    throw new MalformedDumpException(file + ": '" + stem + "' is not a collection name as mongodump escapes them");
                }
                bytes.write(Character.digit(raw[i + 1], 16) << 4 | Character.digit(raw[i + 2], 16));
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedDumpException(file + ": '" + stem + "' does not decode to a UTF-8 collection name");
        }
    }
}
