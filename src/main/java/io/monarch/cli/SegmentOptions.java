package io.monarch.cli;

import io.monarch.api.CopyOptions;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --segment-size} of the commands that read a source (backup, copy_db): when a collection is read as ranges. */
final class SegmentOptions {
    @Option(names = "--segment-size", paramLabel = "<size>", defaultValue = "64MB", converter = Size.class,
            description = {"A collection larger than this is read as several _id ranges at once, -j counting every reader",
                    "(default: ${DEFAULT-VALUE}; KB, MB, GB; 0: never)."})
    long segmentBytes = CopyOptions.SEGMENT_BYTES;

    /** "64MB", "512KB", "1GB" (powers of 1024, as Formats prints them), or plain bytes. */
    static final class Size implements ITypeConverter<Long> {
        private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB?|MB?|GB?|KIB|MIB|GIB)?");

        @Override
        public Long convert(String value) {
            Matcher m = SIZE.matcher(value.trim().toUpperCase(Locale.ROOT));
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a size; write e.g. 64MB, 512KB, 1GB or 0");
            }
            String unit = m.group(2) == null ? "B" : m.group(2).substring(0, 1);
            int shift = switch (unit) {
                case "K" -> 10;
                case "M" -> 20;
                case "G" -> 30;
                default -> 0;
            };
            long number = Long.parseLong(m.group(1));
            if (number > (Long.MAX_VALUE >> shift)) {
                throw new TypeConversionException("'" + value + "' is too large");
            }
            return number << shift;
        }
    }
}
