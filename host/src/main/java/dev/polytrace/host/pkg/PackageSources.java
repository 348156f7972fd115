package dev.polytrace.host.pkg;

import dev.polytrace.host.bundled.BundledTracers;
import dev.polytrace.host.input.LimitedRead;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where packages come from: a file path, {@code -} for standard input, or an http(s) URL
 * ({@link UrlFetch}). Every source is capped at {@link #MAX_BYTES}; failures are
 * {@link PackageSourceException}s and {@link PackageFormatException}s with one-line messages
 * naming the spec.
 */
public final class PackageSources {
    /** Largest package accepted from any source. */
    public static final int MAX_BYTES = 64 << 20;
    // polytrace.httpTimeoutMs exists for tests of the timeout path; users get 10 s for the whole fetch.
    static final Duration HTTP_TIMEOUT = Duration.ofMillis(Long.getLong("polytrace.httpTimeoutMs", 10_000));

    private PackageSources() {
    }

    /** Reads and checks the package that {@code spec} names. */
    public static TracerPackage load(String spec) {
        return load(spec, System.in);
    }

    /** As {@link #load(String)}, with {@code stdin} read for the spec {@code -}. */
    public static TracerPackage load(String spec, InputStream stdin) {
        return PackageReader.read(bytes(spec, stdin), origin(spec));
    }

    /** The raw bytes {@code spec} names, without parsing them. */
    public static byte[] bytes(String spec, InputStream stdin) {
        return bytes(spec, stdin, Path.of(""));
    }

    /** As {@link #bytes(String, InputStream)}, a relative path read from {@code workingDir}; messages name it as given. */
    public static byte[] bytes(String spec, InputStream stdin, Path workingDir) {
        if (spec.equals("-")) {
            try {
                return readCapped(stdin, "stdin");
            } catch (IOException e) {
                throw new PackageSourceException("stdin", "cannot read (" + e.getMessage() + ")", e);
            }
        }
        if (isUrl(spec)) {
            return UrlFetch.forCli().fetch(spec);
        }
        if (isBundledName(spec, workingDir)) {
            return BundledTracers.find(spec).orElseThrow(() -> new PackageSourceException(spec,
                    "no such file, and no bundled tracer of that name (polytrace list shows them)"));
        }
        return readFile(spec, workingDir.resolve(spec));
    }

    /** A bare name that is not a file here ("execsnoop") means a bundled tracer. */
    static boolean isBundledName(String spec) {
        return isBundledName(spec, Path.of(""));
    }

    private static boolean isBundledName(String spec, Path workingDir) {
        return spec.matches("[A-Za-z0-9_-]+") && !Files.exists(workingDir.resolve(spec));
    }

    /** How a spec is named in messages and in {@link TracerPackage#origin()}. */
    static String origin(String spec) {
        return spec.equals("-") ? "stdin" : spec;
    }

    static boolean isUrl(String spec) {
        return spec.startsWith("http://") || spec.startsWith("https://");
    }

    private static byte[] readFile(String spec, Path path) {
        try {
            if (Files.isDirectory(path)) {
                throw new PackageSourceException(spec, "is a directory, not a package");
            }
            if (Files.size(path) > MAX_BYTES) {
                throw tooLarge(spec);
            }
            try (InputStream in = Files.newInputStream(path)) {
                return readCapped(in, spec);
            }
        } catch (NoSuchFileException e) {
            throw new PackageSourceException(spec, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new PackageSourceException(spec, "permission denied", e);
        } catch (IOException e) {
            throw new PackageSourceException(spec, "cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] readCapped(InputStream in, String spec) throws IOException {
        return LimitedRead.readAll(in, MAX_BYTES, 0, () -> tooLarge(spec));
    }

    private static PackageSourceException tooLarge(String spec) {
        return new PackageSourceException(spec, "larger than " + (MAX_BYTES >> 20) + " MiB, too large for a package");
    }
}
