package io.monarch.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.ReaderException;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * settings.yml as a YAML node tree, read defensively: a settings file is a few lines of UTF-8 YAML, and
 * anything else (too big, binary, another encoding, an alias bomb, nesting without end) is refused with the
 * line where it goes wrong, before snakeyaml can spend memory or time on it.
 */
final class SettingsYaml {
    /** A settings file is a few KB; anything bigger is not one (and is not parsed). */
    static final int MAX_BYTES = 1 << 20;
    /** Aliases of lists or mappings; a "billion laughs" needs many more. */
    static final int MAX_ALIASES = 20;
    static final int MAX_DEPTH = 20;

    private final Path file;

    private SettingsYaml(Path file) {
        this.file = file;
    }

    /**
     * The file's nodes. Whatever is wrong with the file (too big, not UTF-8, binary, not YAML, an alias bomb,
     * nested too deep) is a {@link SettingsException} naming a line, never a parser's raw exception.
     */
    static Node compose(Path file) {
        return new SettingsYaml(file).compose();
    }

    private Node compose() {
        String text = text();
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        Node node;
        try {
            node = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new SettingsException(file, line(e), "not valid YAML: " + e.getProblem()
                    + " (check the indentation and the ':' after each key)");
        } catch (ReaderException e) {
            throw new SettingsException(file, lineAtCodePoint(text, e.getPosition()), String.format(
                    "the character U+%04X is not allowed in YAML: is this a binary file? A settings file is YAML text; "
                            + "remove the character (or write it as an escape in a double-quoted value)", e.getCodePoint()));
        } catch (YAMLException e) {
            throw trouble(text, e);
        }
        if (node == null) {
            throw new SettingsException(file, 1, "the file is empty; run 'monarch init' to write a starting one");
        }
        return node;
    }

    /**
     * The line (1-based; snakeyaml's marks count from 0) where the mistake is. snakeyaml marks where it noticed it,
     * which for a token left open (a key without its ':', an unclosed quote or bracket) is a line later, or the end of
     * the file: there the line the token began on is the context mark. Otherwise (a line indented wrong) the problem
     * mark is the line, and the context mark only the start of the mapping around it.
     */
    static int line(MarkedYAMLException e) {
        String context = String.valueOf(e.getContext());
        boolean openToken = context.startsWith("while scanning") || context.startsWith("while parsing a flow");
        Mark mark = openToken && e.getContextMark() != null ? e.getContextMark() : e.getProblemMark();
        return mark != null ? mark.getLine() + 1 : 1;
    }

    /** The file as text: at most {@value #MAX_BYTES} bytes of UTF-8 (a leading byte order mark is dropped). */
    private String text() {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new SettingsException("no settings file at " + file
                    + "; run 'monarch init' to create one, or name yours with --settings <file>");
        } catch (IOException e) {
            throw new SettingsException("cannot read " + file + ": " + e.getMessage()
                    + "; name a readable settings file with --settings <file>");
        }
        if (bytes.length > MAX_BYTES) {
            throw new SettingsException(file, 1, "the file is larger than " + (MAX_BYTES >> 20) + " MiB, and a settings "
                    + "file is a few lines of YAML: is this the right file? Name yours with --settings <file>");
        }
        int start = 0;
        if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff
                || (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe)) {
            throw new SettingsException(file, 1, "the file is UTF-16 text; save it as UTF-8");
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            start = 3;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, out, true);
        if (result.isError()) {
            int bad = in.position();
            int line = 1;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new SettingsException(file, line, String.format("the byte 0x%02X is not UTF-8 text: is this a binary "
                    + "file, or one saved in another encoding (such as Latin-1)? Save it as UTF-8", bytes[bad] & 0xff));
        }
        return out.flip().toString();
    }

    /**
     * A parser error with no position (too many aliases, nested too deep): the file's events are walked again,
     * with no limit but ours, to find the line where it went wrong.
     */
    private SettingsException trouble(String text, YAMLException e) {
        Set<String> collectionAnchors = new HashSet<>();
        int aliases = 0;
        int depth = 0;
        int line = 1;
        try {
            for (Event event : new Yaml().parse(new StringReader(text))) {
                line = event.getStartMark() != null ? event.getStartMark().getLine() + 1 : line;
                if (event instanceof CollectionStartEvent start) {
                    if (start.getAnchor() != null) {
                        collectionAnchors.add(start.getAnchor());
                    }
                    if (++depth > MAX_DEPTH) {
                        return new SettingsException(file, line, "nested more than " + MAX_DEPTH + " levels deep; a "
                                + "settings file needs a few levels (environments: <name>: uri:); is this the right file?");
                    }
                } else if (event instanceof CollectionEndEvent) {
                    depth--;
                } else if (event instanceof AliasEvent alias && collectionAnchors.contains(alias.getAnchor())
                        && ++aliases > MAX_ALIASES) {
                    return new SettingsException(file, line, "more than " + MAX_ALIASES + " aliases (*" + alias.getAnchor()
                            + ") of lists or mappings, which could make the file expand without end; write the values out");
                }
            }
        } catch (YAMLException ignored) {
            // the line of the last event read is the best we know
        }
        return new SettingsException(file, line, "not valid YAML: " + e.getMessage()
                + " (check the indentation and the ':' after each key)");
    }

    private static int lineAtCodePoint(String text, int position) {
        return 1 + (int) text.codePoints().limit(Math.max(0, position)).filter(c -> c == '\n').count();
    }
}
