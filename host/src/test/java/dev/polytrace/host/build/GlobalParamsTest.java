package dev.polytrace.host.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polytrace.host.pkg.PackageParam;
import dev.polytrace.host.pkg.TracerPackage;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** params.bpf.c: one global of every param type, documented and not. */
class GlobalParamsTest {
    private static TracerPackage pkg;

    @BeforeAll
    static void build() {
        BuildFixtures.assumeToolchain();
        pkg = TracerBuilder.build(BuildFixtures.request("params.bpf.c"));
    }

    @Test
    void everyRodataVariableOfASettableTypeWithItsTypeDefaultAndHelp() {
        List<PackageParam> rodata = pkg.params().stream().filter(p -> p.section().equals(".rodata")).toList();
        assertEquals(List.of(
                new PackageParam("min_delta", "int", ".rodata", -5L,
                        "smallest delta to report, in microseconds", null),
                new PackageParam("max_ns", "unsigned long long", ".rodata", new BigInteger("18446744073709551615"),
                        "stop after this many nanoseconds", null),
                new PackageParam("offset", "short", ".rodata", -2L, "", null),
                new PackageParam("level", "unsigned char", ".rodata", 200L, "", null),
                new PackageParam("verbose", "bool", ".rodata", true, "print more", null),
                new PackageParam("comm", "char[16]", ".rodata", "bash", "only this command", null),
                new PackageParam("run_mode", "enum mode", ".rodata", "MODE_SLOW", "how to run", null)),
                rodata);
    }

    @Test
    void dataAndBssVariablesOnlyWhenDocumented() {
        List<PackageParam> writable = pkg.params().stream().filter(PackageParam::isRuntimeWritable).toList();
        assertEquals(List.of(
                new PackageParam("seen", "__u64", ".bss", 0L, "events seen so far", null),
                new PackageParam("budget", "int", ".data", 7L, "starts at seven", null)),
                writable.stream().sorted(java.util.Comparator.comparing(PackageParam::section)).toList(),
                "scratch has no /// comment; layout is a struct");
    }
}
