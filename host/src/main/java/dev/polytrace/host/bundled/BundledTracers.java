package dev.polytrace.host.bundled;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tracers shipped in the bundled-scripts jar: {@code bundled/NAME.tracer.json} resources
 * listed in {@code bundled/index.tsv} (name, tab, description), both written by the build.
 */
public final class BundledTracers {
    static final String INDEX = "bundled/index.tsv";

    /** A bundled tracer's name and one-line description. */
    public record Entry(String name, String description) {
    }

    private BundledTracers() {
    }

    public static List<Entry> list() {
        List<Entry> entries = new ArrayList<>();
        String index = read(INDEX).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        for (String line : index.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int tab = line.indexOf('\t');
            entries.add(tab < 0 ? new Entry(line.strip(), "") : new Entry(line.substring(0, tab), line.substring(tab + 1)));
        }
        return entries;
    }

    /** The package document of a bundled tracer, if one has that name. */
    public static Optional<byte[]> find(String name) {
        if (!name.matches("[A-Za-z0-9_-]+")) {
            return Optional.empty();
        }
        return read("bundled/" + name + ".tracer.json");
    }

    private static Optional<byte[]> read(String resource) {
        try (InputStream in = BundledTracers.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
