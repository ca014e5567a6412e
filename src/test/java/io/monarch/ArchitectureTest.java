package io.monarch;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layering of the main sources, read from their imports (and any fully qualified name written inline):
 * {@code cli -> Monarch -> engines -> mongo}, {@code api} a leaf everyone may use, no loop between packages.
 * {@code junit} (the {@code @MonarchTest} extension) sits beside {@code cli}: above the facade, used by no one.
 * The data engine's rooms (ARCHITECTURE.md): {@code archive} knows nothing of monarch's, {@code source} never talks
 * to a server, only {@code load} drops or renames collections, and each room imports only the rooms below it.
 */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.monarch(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]\\w*");
    private static final Pattern AWS = Pattern.compile("^import (static )?software\\.amazon\\.awssdk\\.", Pattern.MULTILINE);

    /** Package → the packages of monarch it refers to; and every package's files' text. */
    private static final Map<String, Set<String>> USES = new TreeMap<>();
    private static final Map<String, List<String>> TEXTS = new TreeMap<>();

    @BeforeAll
    static void read() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                String pkg = packageOf(text);
                TEXTS.computeIfAbsent(pkg, p -> new ArrayList<>()).add(file + "\n" + text);
                Set<String> uses = USES.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(withoutComments(text));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        uses.add(m.group(1));
                    }
                }
            }
        }
    }

    @Test
    void apiImportsNothingOfMonarch() {
        assertEquals(Set.of(), USES.get("io.monarch.api"), "io.monarch.api must be a leaf");
    }

    @Test
    void noPackageLoops() {
        List<String> loops = new ArrayList<>();
        for (String start : USES.keySet()) {
            List<String> path = cycleFrom(start, start, new ArrayList<>(List.of(start)), new TreeSet<>());
            if (path != null) {
                loops.add(String.join(" -> ", path));
            }
        }
        assertEquals(List.of(), loops, "packages that import each other in a loop");
    }

    /** The packages above the facade: the CLI and the JUnit extension. */
    private static final Set<String> TOP = Set.of("io.monarch.cli", "io.monarch.junit");

    @Test
    void nothingImportsTheTopPackagesAndOnlyTheyImportTheFacade() {
        USES.forEach((pkg, uses) -> {
            for (String top : TOP) {
                assertTrue(!uses.contains(top), pkg + " imports " + top);
            }
            if (!TOP.contains(pkg)) {
                assertTrue(!uses.contains("io.monarch"), pkg + " imports the facade io.monarch.Monarch");
            }
        });
    }

    @Test
    void theCliAndTheJunitExtensionUseOnlyTheFacadeAndTheApi() {
        for (String top : TOP) {
            Set<String> other = new TreeSet<>(USES.get(top));
            other.removeAll(Set.of("io.monarch", "io.monarch.api"));
            assertEquals(Set.of(), other, top + " reaches past the facade");
        }
    }

    @Test
    void onlyStorageTalksToAws() {
        TEXTS.forEach((pkg, texts) -> {
            if (!pkg.equals("io.monarch.storage")) {
                for (String text : texts) {
                    assertTrue(!AWS.matcher(text).find(), "imports the AWS SDK outside io.monarch.storage: " + text.lines().findFirst().orElse(""));
                }
            }
        });
    }

    /** Each room of the data engine and the rooms of monarch it may import (api always). */
    private static final Map<String, Set<String>> DATA_ROOMS = Map.of(
            "io.monarch.archive", Set.of(),
            "io.monarch.stream", Set.of("io.monarch.archive", "io.monarch.digest", "io.monarch.concurrent"),
            "io.monarch.intent", Set.of("io.monarch.mongo"),
            "io.monarch.source", Set.of("io.monarch.archive", "io.monarch.intent", "io.monarch.stream", "io.monarch.digest"),
            "io.monarch.lock", Set.of("io.monarch.mongo", "io.monarch.concurrent"),
            "io.monarch.backup", Set.of("io.monarch.archive", "io.monarch.intent", "io.monarch.source", "io.monarch.stream", "io.monarch.digest",
                    "io.monarch.storage", "io.monarch.lock", "io.monarch.concurrent", "io.monarch.config", "io.monarch.mongo"),
            "io.monarch.load", Set.of("io.monarch.intent", "io.monarch.source", "io.monarch.lock", "io.monarch.migrate", "io.monarch.digest",
                    "io.monarch.concurrent", "io.monarch.config", "io.monarch.mongo"));

    @Test
    void theDataEnginesRoomsImportOnlyTheRoomsBelowThem() {
        DATA_ROOMS.forEach((room, allowed) -> {
            Set<String> other = new TreeSet<>(USES.getOrDefault(room, Set.of()));
            other.remove("io.monarch.api");
            other.removeAll(allowed);
            assertEquals(Set.of(), other, room + " imports rooms it must not (see ARCHITECTURE.md)");
        });
    }

    @Test
    void sourceNeverTalksToAServer() {
        for (String text : TEXTS.get("io.monarch.source")) {
            assertTrue(!withoutComments(text).contains("com.mongodb.client"), "io.monarch.source reads dumps, never a server: "
                    + text.lines().findFirst().orElse(""));
        }
    }

    private static final Pattern DROPS_OR_RENAMES = Pattern.compile("\\.drop\\(\\)|renameCollection\\(|\"drop\"|\"renameCollection\"");

    @Test
    void amongTheDataRoomsOnlyLoadDropsOrRenamesCollections() {
        for (String room : DATA_ROOMS.keySet()) {
            if (room.equals("io.monarch.load")) {
                continue;
            }
            for (String text : TEXTS.getOrDefault(room, List.of())) {
                assertTrue(!DROPS_OR_RENAMES.matcher(withoutComments(text)).find(), room + " drops or renames a collection: "
                        + text.lines().findFirst().orElse(""));
            }
        }
    }

    @Test
    void theCheckSeesALoopWhenThereIsOne() {
        Map<String, Set<String>> saved = new TreeMap<>(USES);
        try {
            USES.put("io.monarch.mongo", Set.of("io.monarch.load"));
            assertTrue(cycleFrom("io.monarch.load", "io.monarch.load", new ArrayList<>(List.of("io.monarch.load")), new TreeSet<>()) != null);
        } finally {
            USES.clear();
            USES.putAll(saved);
        }
    }

    /** A path from {@code at} back to {@code start}, or null. */
    private static List<String> cycleFrom(String start, String at, List<String> path, Set<String> seen) {
        for (String next : USES.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> loop = new ArrayList<>(path);
                loop.add(start);
                return loop;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = cycleFrom(start, next, path, seen);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }

    private static String packageOf(String text) {
        Matcher m = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE).matcher(text);
        return m.find() ? m.group(1) : "";
    }

    private static String withoutComments(String text) {
        return text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    }
}
