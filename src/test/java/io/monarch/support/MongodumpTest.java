package io.monarch.support;

import io.monarch.support.MongodumpArchive.Flip;
import org.bson.BsonBinaryReader;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static io.monarch.support.Mongodump.Version.V100;
import static io.monarch.support.Mongodump.Version.V3_4;
import static io.monarch.support.Mongodump.Version.V4_0;
import static io.monarch.support.Mongodump.Version.V4_2;
import static io.monarch.support.Mongodump.doc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fixtures hold what FACTS.md says mongodump writes. Archives are read back by {@link GoArchive}, a reading of
 * mongo-tools' {@code common/archive/parser.go} written here, and CRCs recomputed bit by bit.
 */
class MongodumpTest {
    private static final String UUID = "0123456789abcdef0123456789abcdef";
    private static final List<BsonDocument> USERS = List.of(doc("{_id: 1, email: 'a@example.com'}"), doc("{_id: 2, email: 'b@example.com'}"));
    private static final List<BsonDocument> ACTIVE = List.of(doc("{$match: {active: true}}"));

    @TempDir
    Path dir;

    // ---- file names -------------------------------------------------------------------------------------------

    @Test
    void fileNamesAreEscapedAsEachVersionsMongodumpEscapesThem() {
        // Go's own documented examples (net/url example_test.go)
        assertEquals("my%2Fcool%2Bblog%26about%2Cstuff", MongodumpNames.queryEscape("my/cool+blog&about,stuff"));
        assertEquals("my%2Fcool+blog&about%2Cstuff", MongodumpNames.pathEscape("my/cool+blog&about,stuff"));

        assertEquals("cafés", MongodumpNames.fileStem(V3_4, "cafés"));
        assertEquals("caf%C3%A9s", MongodumpNames.fileStem(V4_0, "cafés"));
        assertEquals("caf%C3%A9s", MongodumpNames.fileStem(V100, "cafés"));

        assertEquals("a%2Fb", MongodumpNames.fileStem(V4_0, "a/b"));
        assertEquals("a%2Fb", MongodumpNames.fileStem(V100, "a/b"));
        assertEquals("a%20b", MongodumpNames.fileStem(V4_0, "a b"));
        assertEquals("a+b", MongodumpNames.fileStem(V100, "a b"));
        assertEquals("a+b", MongodumpNames.fileStem(V4_0, "a+b"));
        assertEquals("a%2Bb", MongodumpNames.fileStem(V100, "a+b"));
        assertEquals("x$y:z@w=v&u", MongodumpNames.fileStem(V4_0, "x$y:z@w=v&u"));
        assertEquals("x%24y%3Az%40w%3Dv%26u", MongodumpNames.fileStem(V100, "x$y:z@w=v&u"));
        assertEquals("a%3Bb%2Cc%3Fd%25e%2Af~g", MongodumpNames.fileStem(V4_0, "a;b,c?d%e*f~g"));
        assertEquals("system.js", MongodumpNames.fileStem(V100, "system.js"));

        IllegalArgumentException slash = assertThrows(IllegalArgumentException.class, () -> MongodumpNames.fileStem(V3_4, "a/b"));
        assertTrue(slash.getMessage().contains("path separator"), slash.getMessage());
    }

    @Test
    void longNamesAreTruncatedAndHashedBy100xOnly() throws Exception {
        String name = "é".repeat(60) + "x".repeat(100);     // 360 + 100 escaped bytes
        String stem = MongodumpNames.fileStem(V100, name);
        assertEquals(238, stem.length());
        String hash = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-1").digest(name.getBytes(StandardCharsets.UTF_8)));
        assertEquals(MongodumpNames.queryEscape(name).substring(0, 208) + "%24" + hash, stem);
        assertEquals(27, hash.length());
        assertEquals(MongodumpNames.pathEscape(name), MongodumpNames.fileStem(V4_0, name), "4.x never hashed");
        String exactly238 = "y".repeat(238);
        assertEquals(exactly238, MongodumpNames.fileStem(V100, exactly238));

        // mongorestore reads the name of such a file from the metadata's collectionName
        Mongodump.folder(dir).database("db").collection(name, USERS).write();
        String metadata = Files.readString(dir.resolve("db/" + stem + ".metadata.json"));
        assertEquals(name, BsonDocument.parse(metadata).getString("collectionName").getValue());
        assertTrue(Files.isRegularFile(dir.resolve("db/" + stem + ".bson")));
    }

    @Test
    void namesAndMetadataMatchFilesMongodumpWrote() {
        // mongo-tools' mongorestore/testdata/longcollectionname/db1: a 247-character name, hashed by 100.x
        String name = "aVery" + "Very".repeat(43) + "LongCollectionNameConsistingOfExactlyTwoHundredAndFortySevenCharacters";
        assertEquals(247, name.length());
        assertEquals("aVery" + "Very".repeat(43) + "LongCollectionNameConsistingOfE%24xFO0VquRn7cg3QooSZD5sglTddU",
                MongodumpNames.fileStem(V100, name));

        // .../oplogdump/db1/c1.metadata.json (mongodump 4.0, legacy JSON with the uuid)
        Mongodump.folder(dir.resolve("oplogdump")).version(V4_0).database("db1").empty("c1").uuid("699f503df64b4aa8a484a8052046fa3a").write();
        assertEquals("{\"options\":{},\"indexes\":[{\"v\":2,\"key\":{\"_id\":1},\"name\":\"_id_\",\"ns\":\"db1.c1\"}],"
                + "\"uuid\":\"699f503df64b4aa8a484a8052046fa3a\"}", read(dir.resolve("oplogdump/db1/c1.metadata.json")));

        // .../specialcharacter/db1/caf%C3%A9s.metadata.json (mongodump 4.2: canonical, yet options, ns and uuid)
        Mongodump.folder(dir.resolve("special")).version(V4_2).database("test").empty("cafés").uuid("47d0f1f9ed46407fbada3cab9bb84644").write();
        assertEquals("{\"options\":{},\"indexes\":[{\"v\":{\"$numberInt\":\"2\"},\"key\":{\"_id\":{\"$numberInt\":\"1\"}},"
                + "\"name\":\"_id_\",\"ns\":\"test.cafés\"}],\"uuid\":\"47d0f1f9ed46407fbada3cab9bb84644\"}",
                read(dir.resolve("special/test/caf%C3%A9s.metadata.json")));

        // .../timeseries_tests/ts_dump/admin/system.version.metadata.json (mongodump 100.x of a 5.0 server)
        Mongodump.folder(dir.resolve("ts")).serverVersion("5.0.0").database("admin").empty("system.version")
                .uuid("2166e09af3a34889b443b226a582299c").write();
        assertEquals("{\"indexes\":[{\"v\":{\"$numberInt\":\"2\"},\"key\":{\"_id\":{\"$numberInt\":\"1\"}},\"name\":\"_id_\"}],"
                + "\"uuid\":\"2166e09af3a34889b443b226a582299c\",\"collectionName\":\"system.version\",\"type\":\"collection\"}",
                read(dir.resolve("ts/admin/system.version.metadata.json")));
    }

    // ---- metadata JSON -----------------------------------------------------------------------------------------

    @Test
    void metadataOf34IsLegacyJsonWithOptionsIndexesAndNs() {
        String written = folderMetadata(V3_4, "cafés");
        assertEquals("{\"options\":{},\"indexes\":[{\"v\":2,\"key\":{\"_id\":1},\"name\":\"_id_\",\"ns\":\"test.cafés\"},"
                + "{\"v\":2,\"unique\":true,\"key\":{\"email\":1},\"name\":\"email_1\",\"ns\":\"test.cafés\"}]}", written);
    }

    @Test
    void metadataOf40AddsTheUuid() {
        assertEquals("{\"options\":{},\"indexes\":[{\"v\":2,\"key\":{\"_id\":1},\"name\":\"_id_\",\"ns\":\"test.cafés\"},"
                + "{\"v\":2,\"unique\":true,\"key\":{\"email\":1},\"name\":\"email_1\",\"ns\":\"test.cafés\"}],"
                + "\"uuid\":\"" + UUID + "\"}", folderMetadata(V4_0, "caf%C3%A9s"));
    }

    @Test
    void metadataOf100IsCanonicalExtendedJsonWithCollectionNameAndType() {
        assertEquals("{\"indexes\":[{\"v\":{\"$numberInt\":\"2\"},\"key\":{\"_id\":{\"$numberInt\":\"1\"}},\"name\":\"_id_\"},"
                + "{\"v\":{\"$numberInt\":\"2\"},\"unique\":true,\"key\":{\"email\":{\"$numberInt\":\"1\"}},\"name\":\"email_1\"}],"
                + "\"uuid\":\"" + UUID + "\",\"collectionName\":\"cafés\",\"type\":\"collection\"}", folderMetadata(V100, "caf%C3%A9s"));
        // against a 4.2 server, 100.x still writes the ns listIndexes gives it
        Mongodump.folder(dir.resolve("old")).serverVersion("4.2.24").database("test").collection("c", USERS).write();
        assertTrue(read(dir.resolve("old/test/c.metadata.json")).contains("\"ns\":\"test.c\""));
    }

    @Test
    void viewsAreMetadataOnlyInEveryVersion() {
        for (Mongodump.Version v : Mongodump.Version.values()) {
            Path out = dir.resolve(v.name());
            MongodumpContent.Written w = Mongodump.folder(out).version(v).database("crm").view("active", "users", ACTIVE).write();
            assertEquals(v == V100 ? List.of("crm/active.metadata.json", "crm/prelude.json") : List.of("crm/active.metadata.json"), w.files());
            String expected = "{\"options\":{\"viewOn\":\"users\",\"pipeline\":[{\"$match\":{\"active\":true}}]},\"indexes\":[]"
                    + switch (v) {
                        case V100 -> ",\"collectionName\":\"active\",\"type\":\"view\"}";
                        case V4_2 -> ",\"uuid\":\"\"}";
                        default -> "}";
                    };
            assertEquals(expected, read(out.resolve("crm/active.metadata.json")));
        }
    }

    @Test
    void legacyIndexSpecsKeepTheirDoublesInBothDialects() {
        Mongodump.Index legacy = Mongodump.legacyIndex("a_1", doc("{a: 1}"));
        Mongodump.folder(dir.resolve("34")).version(V3_4).database("test").collection("c", USERS, legacy).write();
        Mongodump.folder(dir.resolve("100")).database("test").collection("c", USERS, legacy).write();
        assertTrue(read(dir.resolve("34/test/c.metadata.json")).contains("{\"v\":1.0,\"key\":{\"a\":1.0},\"name\":\"a_1\",\"ns\":\"test.c\"}"));
        assertTrue(read(dir.resolve("100/test/c.metadata.json"))
                .contains("{\"v\":{\"$numberDouble\":\"1.0\"},\"key\":{\"a\":{\"$numberDouble\":\"1.0\"}},\"name\":\"a_1\"}"));
        BsonDocument parsed = BsonDocument.parse(read(dir.resolve("34/test/c.metadata.json")));
        assertEquals(new BsonDouble(1.0), parsed.getArray("indexes").get(1).asDocument().get("v"));
    }

    @Test
    void bothDialectsWriteNumbersAndStringsAsGoDoes() {
        BsonDocument values = doc("{i: 7, l: {$numberLong: '7'}, d: 0.5, w: 1000000.0, s: 'a<b>&\\tc\\u2028'}");
        assertEquals("{\"i\":7,\"l\":{\"$numberLong\":\"7\"},\"d\":0.5,\"w\":1e+06,\"s\":\"a\\u003cb\\u003e\\u0026\\u0009c\\u2028\"}",
                MongodumpJson.legacy(values));
        assertEquals("{\"i\":{\"$numberInt\":\"7\"},\"l\":{\"$numberLong\":\"7\"},\"d\":{\"$numberDouble\":\"0.5\"},"
                + "\"w\":{\"$numberDouble\":\"1E+06\"},\"s\":\"a<b>&\\tc\\u2028\"}", MongodumpJson.canonical(values));
        assertEquals("{\"x\":{\"$date\":\"2017-01-02T03:04:05.006Z\"}}", MongodumpJson.legacy(doc("{x: {$date: 1483326245006}}")));
        assertEquals("{\"x\":{\"$date\":{\"$numberLong\":\"1483326245006\"}}}", MongodumpJson.canonical(doc("{x: {$date: 1483326245006}}")));

        assertEquals("1", MongodumpJson.goFormatFloat(1.0, 'e'));
        assertEquals("123456", MongodumpJson.goFormatFloat(123456.0, 'e'));
        assertEquals("1.234567e+06", MongodumpJson.goFormatFloat(1234567.0, 'e'));
        assertEquals("0.0001", MongodumpJson.goFormatFloat(0.0001, 'e'));
        assertEquals("1e-05", MongodumpJson.goFormatFloat(0.00001, 'e'));
        assertEquals("-2.5", MongodumpJson.goFormatFloat(-2.5, 'e'));
        assertEquals("1E+21", MongodumpJson.goFormatFloat(1e21, 'E'));
    }

    // ---- dump folders ------------------------------------------------------------------------------------------

    @Test
    void aWholeServerFolderHoldsEveryDatabaseAdminSystemVersionAndTheOplog() throws IOException {
        List<BsonDocument> oplog = List.of(Mongodump.oplogEntry(1700000000, 1, "i", "shop.cafés", doc("{_id: 3}")));
        MongodumpContent.Written w = Mongodump.folder(dir).version(V4_0).wholeServer()
                .database("shop").collection("cafés", USERS).empty("empty")
                .database("crm").collection("a/b", USERS).view("active", "a/b", ACTIVE)
                .oplog(oplog).write();
        assertEquals(List.of("admin/system.version.bson", "admin/system.version.metadata.json",
                "crm/a%2Fb.bson", "crm/a%2Fb.metadata.json", "crm/active.metadata.json",
                "oplog.bson", "shop/caf%C3%A9s.bson", "shop/caf%C3%A9s.metadata.json",
                "shop/empty.bson", "shop/empty.metadata.json"), w.files());
        assertEquals(USERS, documents(Files.readAllBytes(dir.resolve("shop/caf%C3%A9s.bson"))));
        assertEquals(0, Files.size(dir.resolve("shop/empty.bson")));
        assertEquals(oplog, documents(Files.readAllBytes(dir.resolve("oplog.bson"))));
        assertEquals(List.of(doc("{_id: 'featureCompatibilityVersion', version: '4.0'}")),
                documents(Files.readAllBytes(dir.resolve("admin/system.version.bson"))));
        assertTrue(read(dir.resolve("admin/system.version.metadata.json")).contains("\"ns\":\"admin.system.version\""));
    }

    @Test
    void gzipCompressesEveryFileButNamesTheOplogPlainly() throws IOException {
        MongodumpContent.Written w = Mongodump.folder(dir).gzip().wholeServer()
                .database("shop").collection("cafés", USERS).empty("empty")
                .oplog(List.of(Mongodump.oplogEntry(1700000000, 1, "i", "shop.cafés", doc("{_id: 3}")))).write();
        assertEquals(List.of("admin/system.version.bson.gz", "admin/system.version.metadata.json.gz", "oplog.bson",
                "prelude.json.gz", "shop/caf%C3%A9s.bson.gz", "shop/caf%C3%A9s.metadata.json.gz",
                "shop/empty.bson.gz", "shop/empty.metadata.json.gz"), w.files());
        byte[] oplog = Files.readAllBytes(dir.resolve("oplog.bson"));
        assertEquals(0x1f, oplog[0] & 0xFF, "oplog.bson holds gzip");
        assertEquals(1, documents(gunzip(oplog)).size());
        assertEquals(USERS, documents(gunzip(Files.readAllBytes(dir.resolve("shop/caf%C3%A9s.bson.gz")))));
        assertEquals(0, gunzip(Files.readAllBytes(dir.resolve("shop/empty.bson.gz"))).length);
        assertEquals("{\"ServerVersion\":\"7.0.14\",\"ToolVersion\":\"100.18.0\"}",
                new String(gunzip(Files.readAllBytes(dir.resolve("prelude.json.gz"))), StandardCharsets.UTF_8));
        assertEquals("cafés", BsonDocument.parse(new String(gunzip(Files.readAllBytes(dir.resolve("shop/caf%C3%A9s.metadata.json.gz"))),
                StandardCharsets.UTF_8)).getString("collectionName").getValue());
    }

    @Test
    void aDatabaseDumpOf100HasItsPreludeJsonInTheDatabaseFolder() {
        MongodumpContent.Written w = Mongodump.folder(dir).database("app").collection("users", USERS).write();
        assertEquals(List.of("app/prelude.json", "app/users.bson", "app/users.metadata.json"), w.files());
        assertEquals(List.of("app/users.bson", "app/users.metadata.json"),
                Mongodump.folder(dir.resolve("older")).database("app").collection("users", USERS).withoutPreludeJson().write().files());
    }

    @Test
    void theOplogNeedsAWholeServerDumpAsMongodumpSays() {
        assertThrows(IllegalStateException.class, () -> Mongodump.folder(dir).database("a").collection("c", USERS)
                .oplog(List.of(Mongodump.oplogEntry(1, 1, "n", "", new BsonDocument()))).write());
    }

    @Test
    void malformedFoldersCarryExactlyTheDamageAskedFor() {
        String truncated = "{\"options\":{},\"indexes\":[{\"v\":2,\"key\":{\"_id\":1},\"name\":\"_id_\"";
        Mongodump.folder(dir).version(V3_4).database("bad")
                .collection("json", USERS).collection("keys", USERS).collection("index", USERS,
                        Mongodump.rawIndex(doc("{v: 2, name: 'email_1', ns: 'bad.index'}")))
                .metadataOnly("nodata", Mongodump.index("email_1", doc("{email: 1}")))
                .bsonOnly("nometa", USERS)
                .metadataText("bad.json", truncated)
                .editMetadata("bad.keys", m -> {
                    m.remove("indexes");
                    m.put("bogus", new BsonInt32(1));
                    return m;
                }).write();
        assertEquals(truncated, read(dir.resolve("bad/json.metadata.json")));
        assertEquals("{\"options\":{},\"bogus\":1}", read(dir.resolve("bad/keys.metadata.json")));
        assertTrue(read(dir.resolve("bad/index.metadata.json")).endsWith(",{\"v\":2,\"name\":\"email_1\",\"ns\":\"bad.index\"}]}"));
        assertTrue(Files.exists(dir.resolve("bad/nodata.metadata.json")));
        assertFalse(Files.exists(dir.resolve("bad/nodata.bson")));
        assertTrue(Files.exists(dir.resolve("bad/nometa.bson")));
        assertFalse(Files.exists(dir.resolve("bad/nometa.metadata.json")));
    }

    // ---- archives ----------------------------------------------------------------------------------------------

    @Test
    void anArchiveOf34HasNoPreludeTypeAndAnEmptyNamespaceForViewsAndEmptyCollections() {
        List<BsonDocument> oplog = List.of(Mongodump.oplogEntry(1700000000, 1, "i", "db1.c", doc("{_id: 3}")),
                Mongodump.oplogEntry(1700000000, 2, "d", "db1.c", doc("{_id: 3}")));
        MongodumpContent.Written w = Mongodump.archive(dir.resolve("a.archive")).version(V3_4).wholeServer()
                .database("db1").collection("c", USERS).empty("empty").view("v", "c", ACTIVE)
                .database("db2").collection("d", USERS.subList(0, 1))
                .oplog(oplog).write();
        GoArchive a = GoArchive.parse(w.uncompressed());

        assertEquals(List.of("concurrent_collections", "version", "server_version", "tool_version"), List.copyOf(a.header.keySet()));
        assertEquals(new BsonInt32(4), a.header.get("concurrent_collections"));
        assertEquals("0.1", a.header.getString("version").getValue());
        assertEquals("3.4.24", a.header.getString("server_version").getValue());
        assertEquals("r3.4.24", a.header.getString("tool_version").getValue());

        assertEquals(List.of("db1.c", "db1.empty", "db1.v", "db2.d", ".oplog", "admin.system.version"), a.preludeNamespaces());
        for (BsonDocument p : a.prelude) {
            assertEquals(List.of("db", "collection", "metadata", "size"), List.copyOf(p.keySet()));
            assertEquals(new BsonInt32(0), p.get("size"), "mongodump never fills in size");
        }
        assertEquals("", a.prelude.get(4).getString("metadata").getValue(), "the oplog has no metadata");
        assertEquals("{\"options\":{\"viewOn\":\"c\",\"pipeline\":[{\"$match\":{\"active\":true}}]},\"indexes\":[]}",
                a.prelude.get(2).getString("metadata").getValue());

        assertEquals(List.of("admin.system.version:1", "admin.system.version:EOF", "db1.c:2", "db1.c:EOF", "db1.empty:0",
                "db1.empty:EOF", "db1.v:0", "db1.v:EOF", "db2.d:1", "db2.d:EOF", ".oplog:2", ".oplog:EOF"), a.blockSummary());
        a.checkCrcs();
        assertEquals(w.crcs().get(".oplog"), a.eofCrc(".oplog"));
        assertEquals(0L, a.eofCrc("db1.v"));
        assertEquals(oplog, a.documents(".oplog"));
    }

    @Test
    void anArchiveOf100TypesEveryPreludeEntryAndWritesCanonicalMetadata() throws IOException {
        MongodumpContent.Written w = Mongodump.archive(dir.resolve("a.archive.gz")).gzip().wholeServer()
                .database("shop").collection("cafés", USERS, Mongodump.index("email_1", doc("{email: 1}")).unique()).uuid(UUID)
                .view("v", "cafés", ACTIVE)
                .oplog(List.of(Mongodump.oplogEntry(1700000000, 1, "n", "", doc("{msg: 'noop'}")))).write();
        assertArrayEquals(w.uncompressed(), gunzip(Files.readAllBytes(dir.resolve("a.archive.gz"))));
        GoArchive a = GoArchive.parse(w.uncompressed());
        assertEquals("100.18.0", a.header.getString("tool_version").getValue());
        assertEquals(List.of("shop.cafés", "shop.v", ".oplog", "admin.system.version"), a.preludeNamespaces());
        assertEquals(List.of("collection", "view", "", "collection"), a.prelude.stream().map(p -> p.getString("type").getValue()).toList());
        for (BsonDocument p : a.prelude) {
            assertEquals(List.of("db", "collection", "metadata", "size", "type"), List.copyOf(p.keySet()));
        }
        assertEquals(folderMetadata(V100, "caf%C3%A9s"), a.prelude.get(0).getString("metadata").getValue(),
                "the prelude's metadata is the metadata file's text");
        a.checkCrcs();
        assertEquals(List.of("admin.system.version:1", "admin.system.version:EOF", "shop.cafés:2", "shop.cafés:EOF",
                "shop.v:0", "shop.v:EOF", ".oplog:1", ".oplog:EOF"), a.blockSummary());
    }

    @Test
    void rebuildsArchivesMongodumpWroteByteForByte() throws Exception {
        // SHA-256 of mongo-tools' mongorestore/testdata/test.bar.archive: mongodump r3.4.3, a whole 3.4.3 server
        MongodumpContent.Written bar = Mongodump.archive(dir.resolve("test.bar.archive")).version(V3_4)
                .serverVersion("3.4.3").toolVersion("r3.4.3").wholeServer()
                .database("test").collection("bar", List.of(doc("{_id: {$oid: '58ffb124b721bc6c3234333c'}, foo: 'bar'}"))).write();
        assertEquals("8c2d40441ccd66f11dbdab717e755c6a62d5b4509a655f6e1a13d9e1d6b25d7a", sha256(bar.uncompressed()));

        // ... and of mongorestore/testdata/bad-format.archive: mongodump r4.2.2 --db test of a 4.0.14 server, one
        // empty collection with an index on a key holding quotes, which that mongodump wrote unescaped
        MongodumpContent.Written ixtest = Mongodump.archive(dir.resolve("bad-format.archive")).version(V4_2)
                .serverVersion("4.0.14").toolVersion("r4.2.2").unescapedJsonKeys().database("test")
                .empty("ixtest", Mongodump.index("quoted_idx", new BsonDocument("{\"a\":\"b\"}", new BsonDouble(1.0))))
                .uuid("a104ede478cc4819a7bb68203c32d143").write();
        assertEquals("f868e9949e8f70da5fa80e0750dc8a56052d6c859db91d9d37f89741913a8d44", sha256(ixtest.uncompressed()));
        String metadata = GoArchive.parse(ixtest.uncompressed()).prelude.get(0).getString("metadata").getValue();
        assertTrue(metadata.contains("\"key\":{\"{\"a\":\"b\"}\":{\"$numberDouble\":\"1.0\"}}"), metadata);
        assertThrows(org.bson.json.JsonParseException.class, () -> BsonDocument.parse(metadata));
    }

    @Test
    void segmentsInterleaveLikeParallelDumpWorkers() {
        List<BsonDocument> three = List.of(doc("{_id: 1}"), doc("{_id: 2}"), doc("{_id: 3}"));
        MongodumpContent.Written w = Mongodump.archive(dir.resolve("a.archive")).segmentsOf(2)
                .database("db").collection("a", three).collection("b", three).write();
        GoArchive a = GoArchive.parse(w.uncompressed());
        assertEquals(List.of("db.a:2", "db.b:2", "db.a:1", "db.a:EOF", "db.b:1", "db.b:EOF"), a.blockSummary());
        a.checkCrcs();
        assertEquals(three, a.documents("db.a"));
    }

    @Test
    void aFlippedByteLandsWhereNoChecksumLooks() {
        MongodumpContent.Written clean = Mongodump.archive(dir.resolve("clean.archive")).database("db1")
                .collection("c", USERS, Mongodump.index("email_1", doc("{email: 1}")).unique()).write();
        MongodumpContent.Written key = Mongodump.archive(dir.resolve("key.archive")).database("db1")
                .collection("c", USERS, Mongodump.index("email_1", doc("{email: 1}")).unique())
                .flip(Flip.preludeKey("db1.c", "metadata")).write();
        assertEquals(1, differingBytes(clean.uncompressed(), key.uncompressed()));
        BsonDocument damaged = GoArchive.parse(key.uncompressed()).prelude.get(0);
        assertEquals(List.of("db", "collection", "letadata", "size", "type"), List.copyOf(damaged.keySet()));
        GoArchive.parse(key.uncompressed()).checkCrcs();

        MongodumpContent.Written text = Mongodump.archive(dir.resolve("text.archive")).database("db1")
                .collection("c", USERS, Mongodump.index("email_1", doc("{email: 1}")).unique())
                .flip(Flip.preludeText("db1.c", "unique")).write();
        assertTrue(GoArchive.parse(text.uncompressed()).prelude.get(0).getString("metadata").getValue().contains("\"tnique\":true"));

        MongodumpContent.Written header = Mongodump.archive(dir.resolve("header.archive")).database("db1").collection("c", USERS)
                .flip(Flip.headerKey("server_version")).write();
        assertTrue(GoArchive.parse(header.uncompressed()).header.containsKey("rerver_version"));

        MongodumpContent.Written edited = Mongodump.archive(dir.resolve("edited.archive")).database("db1").collection("c", USERS)
                .editPrelude("db1.c", p -> {
                    p.remove("size");
                    p.put("extra", new BsonString("?"));
                    return p;
                }).editHeader(h -> {
                    h.put("concurrent_collections", new BsonInt64(4));
                    return h;
                }).write();
        GoArchive e = GoArchive.parse(edited.uncompressed());
        assertEquals(List.of("db", "collection", "metadata", "type", "extra"), List.copyOf(e.prelude.get(0).keySet()));
        assertTrue(e.header.get("concurrent_collections").isInt64());
    }

    @Test
    void unusualValuesGoIntoDumpsAsTheyAre() throws IOException {
        Mongodump.folder(dir).database("odd").collection("values", Mongodump.unusualValues()).write();
        List<BsonDocument> read = documents(Files.readAllBytes(dir.resolve("odd/values.bson")));
        assertEquals(Mongodump.unusualValues(), read);
        assertEquals(List.of(1, 2, 5, 6, 7, 8, 9), read.subList(0, 7).stream().map(d -> (int) d.getBinary("value").getType()).toList());
        assertTrue(read.get(7).get("value").isJavaScriptWithScope());
    }

    @Test
    void goCrc64MatchesTheEcmaCheckValueAndABitwiseReading() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x995dc9bbdf1939faL, GoCrc64.update(0, check));   // crc64.Checksum(..., crc64.MakeTable(crc64.ECMA))
        byte[] more = new byte[777];
        for (int i = 0; i < more.length; i++) {
            more[i] = (byte) (i * 37 + 11);
        }
        assertEquals(GoArchive.bitwiseCrc(GoArchive.bitwiseCrc(0, check), more), GoCrc64.update(GoCrc64.update(0, check), more));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** Metadata of test.cafés (_id_ and a unique email_1), written as {@code version} writes it, read from the folder. */
    private String folderMetadata(Mongodump.Version version, String stem) {
        Path out = dir.resolve("meta-" + version);
        Mongodump.folder(out).version(version).database("test")
                .collection("cafés", USERS, Mongodump.index("email_1", doc("{email: 1}")).unique()).uuid(UUID).write();
        return read(out.resolve("test/" + stem + ".metadata.json"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    private static List<BsonDocument> documents(byte[] concatenated) {
        List<BsonDocument> out = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(concatenated).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            int length = in.getInt(in.position());
            byte[] one = new byte[length];
            in.get(one);
            out.add(decode(one));
        }
        return out;
    }

    private static BsonDocument decode(byte[] bson) {
        return new BsonDocumentCodec().decode(new BsonBinaryReader(ByteBuffer.wrap(bson)), DecoderContext.builder().build());
    }

    private static int differingBytes(byte[] a, byte[] b) {
        assertEquals(a.length, b.length);
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            n += a[i] != b[i] ? 1 : 0;
        }
        return n;
    }

    /**
     * An archive read as mongo-tools' parser.go reads one: magic, then blocks of a header document, any number of
     * documents (none is allowed) and a terminator; sizes between 5 bytes and 16 MiB, each document ending in 0.
     */
    static final class GoArchive {
        final BsonDocument header;
        final List<BsonDocument> prelude = new ArrayList<>();
        final List<Block> body = new ArrayList<>();

        record Block(BsonDocument header, List<byte[]> documents) {
            String namespace() {
                return header.getString("db").getValue() + "." + header.getString("collection").getValue();
            }
        }

        private GoArchive(BsonDocument header) {
            this.header = header;
        }

        static GoArchive parse(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(0x8199e26d, in.getInt(), "magic number");
            GoArchive archive = new GoArchive(decode(next(in)));
            byte[] entry;
            while ((entry = next(in)) != null) {
                archive.prelude.add(decode(entry));
            }
            while (in.hasRemaining()) {
                byte[] header = next(in);
                assertTrue(header != null, "consecutive terminators / headerless blocks are not allowed");
                List<byte[]> documents = new ArrayList<>();
                byte[] d;
                while ((d = next(in)) != null) {
                    documents.add(d);
                }
                BsonDocument h = decode(header);
                assertEquals(List.of("db", "collection", "EOF", "CRC"), List.copyOf(h.keySet()));
                assertTrue(h.get("CRC").isInt64(), "CRC is an int64");
                archive.body.add(new Block(h, documents));
            }
            return archive;
        }

        /** The next document, or null at a terminator. */
        private static byte[] next(ByteBuffer in) {
            int size = in.getInt();
            if (size == -1) {
                return null;
            }
            assertTrue(size >= 5 && size <= 16 * 1024 * 1024, size + " is neither a valid bson length nor a archive terminator");
            byte[] doc = new byte[size];
            in.position(in.position() - 4);
            in.get(doc);
            assertEquals(0, doc[size - 1], "bson doesn't end with a null byte");
            return doc;
        }

        List<String> preludeNamespaces() {
            return prelude.stream().map(p -> p.getString("db").getValue() + "." + p.getString("collection").getValue()).toList();
        }

        /** "ns:n" for a block of n documents, "ns:EOF" for an EOF block (which must hold none). */
        List<String> blockSummary() {
            List<String> out = new ArrayList<>();
            for (Block b : body) {
                boolean eof = b.header().getBoolean("EOF").getValue();
                if (eof) {
                    assertTrue(b.documents().isEmpty(), "an EOF block holds no documents");
                }
                out.add(b.namespace() + ":" + (eof ? "EOF" : String.valueOf(b.documents().size())));
            }
            return out;
        }

        List<BsonDocument> documents(String namespace) {
            List<BsonDocument> out = new ArrayList<>();
            for (Block b : body) {
                if (b.namespace().equals(namespace)) {
                    b.documents().forEach(d -> out.add(new RawBsonDocument(d).decode(new BsonDocumentCodec())));
                }
            }
            return out;
        }

        long eofCrc(String namespace) {
            return body.stream().filter(b -> b.namespace().equals(namespace) && b.header().getBoolean("EOF").getValue())
                    .findFirst().orElseThrow().header().getInt64("CRC").getValue();
        }

        /** Every namespace of the prelude ends once, with the CRC-64 (computed bit by bit) of its documents; data CRCs are 0. */
        void checkCrcs() {
            for (String namespace : preludeNamespaces()) {
                long crc = 0;
                int eofs = 0;
                for (Block b : body) {
                    if (!b.namespace().equals(namespace)) {
                        continue;
                    }
                    assertEquals(0, eofs, namespace + " continues after its EOF");
                    if (b.header().getBoolean("EOF").getValue()) {
                        eofs++;
                        assertEquals(crc, b.header().getInt64("CRC").getValue(), "CRC of " + namespace);
                    } else {
                        assertEquals(0L, b.header().getInt64("CRC").getValue());
                        for (byte[] d : b.documents()) {
                            crc = bitwiseCrc(crc, d);
                        }
                    }
                }
                assertEquals(1, eofs, namespace + " ends once");
            }
            assertTrue(body.stream().allMatch(b -> preludeNamespaces().contains(b.namespace())), "every namespace is in the prelude");
        }

        static long bitwiseCrc(long previous, byte[] data) {
            long crc = ~previous;
            for (byte b : data) {
                crc ^= b & 0xFF;
                for (int bit = 0; bit < 8; bit++) {
                    crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xC96C5795D7870F42L : crc >>> 1;
                }
            }
            return ~crc;
        }
    }
}
