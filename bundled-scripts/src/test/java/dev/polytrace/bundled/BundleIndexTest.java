package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.bundled.BundledTracers;
import dev.polytrace.host.cli.CliRun;
import dev.polytrace.host.pkg.PackageParam;
import dev.polytrace.host.pkg.PackageReader;
import dev.polytrace.host.pkg.TracerPackage;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the build put in the jar: every tracer under src/main/tracers, listed, with documented params. */
class BundleIndexTest {
    private static final Path TRACERS = Path.of("src", "main", "tracers");

    @Test
    void everyTracerDirectoryIsBundledAndListed() {
        Set<String> sources = TracerSources.under(TRACERS).stream().map(TracerSources::name)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> listed = BundledTracers.list().stream().map(BundledTracers.Entry::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(sources, listed);
        assertTrue(sources.size() >= 12, () -> "at least 12 tracers: " + sources);
        for (BundledTracers.Entry e : BundledTracers.list()) {
            assertFalse(e.description().isBlank(), () -> e.name() + " has a description");
            assertTrue(BundledTracers.find(e.name()).isPresent(), () -> e.name() + " has a package");
        }
    }

    @Test
    void bothHandlerLanguagesAreWellRepresented() {
        List<TracerPackage> packages = packages();
        long js = packages.stream().filter(p -> p.handler().map(h -> h.language().equals("js")).orElse(false)).count();
        long python = packages.stream().filter(p -> p.handler().map(h -> h.language().equals("python")).orElse(false))
                .count();
        assertTrue(js >= 5 && python >= 5, () -> js + " JS and " + python + " Python handlers");
    }

    @Test
    void everyParamIsDocumented() {
        for (TracerPackage pkg : packages()) {
            assertFalse(pkg.params().isEmpty(), () -> pkg.name() + " has params");
            for (PackageParam p : pkg.params()) {
                assertFalse(p.help() == null || p.help().isBlank(), () -> pkg.name() + "." + p.name() + " has help");
            }
        }
    }

    @Test
    void listPrintsEveryTracerAndRunHelpPrintsItsParams() {
        CliRun list = CliRun.run("list");
        assertEquals(0, list.exitCode(), list::describe);
        for (BundledTracers.Entry e : BundledTracers.list()) {
            assertTrue(list.out().contains(e.name()), () -> "list shows " + e.name() + ":\n" + list.out());
        }
        CliRun help = CliRun.run("run", "opensnoop", "--help");
        assertEquals(0, help.exitCode(), help::describe);
        assertTrue(help.out().contains("failed_only") && help.out().contains("only report failed opens"),
                () -> "opensnoop's params with their help:\n" + help.out());
    }

    private static List<TracerPackage> packages() {
        return BundledTracers.list().stream()
                .map(e -> PackageReader.read(BundledTracers.find(e.name()).orElseThrow(), "bundled:" + e.name()))
                .toList();
    }
}
