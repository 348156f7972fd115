package dev.polytrace.host.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.container.ContainerInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleEvaluatorTest {
    private static RuleSet rules(String yaml) {
        return RuleSet.compile(RuleDefinitions.of(List.of(new RuleSource("t.yaml", yaml))));
    }

    @Test
    void aRulePastItsCostLimitFailsOnceLoudlyAndDoesNotAlert() {
        RuleSet set = rules("""
                - rule: Expensive
                  condition: event.items.all(a, event.items.all(b, a + b >= 0))
                  output: x
                  priority: info
                """);
        List<String> warnings = new ArrayList<>();
        RuleEvaluator evaluator = new RuleEvaluator(set, "t", ContainerLookup.HOST_ONLY, Path.of("/proc"), 1_000,
                warnings::add);
        List<Long> small = List.of(1L, 2L, 3L);
        assertEquals(1, evaluator.evaluate(Map.of("items", small)).size(), "a cheap evaluation passes");
        List<Long> large = new ArrayList<>();
        for (long i = 0; i < 200; i++) {
            large.add(i);
        }
        assertEquals(List.of(), evaluator.evaluate(Map.of("items", large)));
        assertEquals(List.of(), evaluator.evaluate(Map.of("items", large)));
        assertEquals(2L, evaluator.errorCounts().get("Expensive"));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("cost limit"), warnings.get(0));
    }

    @Test
    void aConditionWithoutLoopsLargerThanTheLimitIsRefusedWhenItRuns() {
        RuleSet set = rules("""
                - rule: Long
                  condition: event.a == 1 && event.b == 2 && event.c == 3
                  output: x
                  priority: info
                """);
        List<String> warnings = new ArrayList<>();
        RuleEvaluator small = new RuleEvaluator(set, "t", ContainerLookup.HOST_ONLY, Path.of("/proc"), 5,
                warnings::add);
        assertEquals(List.of(), small.evaluate(Map.of("a", 1L, "b", 2L, "c", 3L)));
        assertEquals(1L, small.errorCounts().get("Long"));
        RuleEvaluator enough = new RuleEvaluator(set, "t", ContainerLookup.HOST_ONLY, Path.of("/proc"), 100,
                warnings::add);
        assertEquals(1, enough.evaluate(Map.of("a", 1L, "b", 2L, "c", 3L)).size());
    }

    @Test
    void aMissingFieldIsAnErrorOfThatRuleNotAnAlert() {
        RuleSet set = rules("""
                - rule: Needs path
                  condition: event.path == "/etc/shadow"
                  output: x
                  priority: info
                - rule: Any
                  condition: event.pid == 7
                  output: pid %event.pid path %event.path
                  priority: info
                """);
        List<String> warnings = new ArrayList<>();
        RuleEvaluator evaluator = new RuleEvaluator(set, "t", ContainerLookup.HOST_ONLY, warnings::add);
        List<Alert> alerts = evaluator.evaluate(Map.of("pid", 7L));
        assertEquals(List.of("pid 7 path <NA>"), alerts.stream().map(Alert::output).toList());
        assertEquals(1L, evaluator.errorCounts().get("Needs path"));
        assertTrue(warnings.get(0).startsWith("rule 'Needs path' (t.yaml line 1) failed"), warnings.get(0));
    }

    @Test
    void theContainerIsLookedUpOnlyWhenARuleReadsItAndOncePerEvent() {
        RuleSet set = rules("""
                - rule: Pid first
                  condition: event.pid == 1 && container.name == "web"
                  output: "%container.name %container.image"
                  priority: info
                - rule: Also container
                  condition: event.pid == 1 && container.runtime == "podman"
                  output: x
                  priority: info
                """);
        AtomicInteger lookups = new AtomicInteger();
        ContainerLookup lookup = event -> {
            lookups.incrementAndGet();
            return new ContainerInfo("abc", "web", "localhost/img", "podman", "", "");
        };
        RuleEvaluator evaluator = new RuleEvaluator(set, "t", lookup, w -> { });
        assertEquals(List.of(), evaluator.evaluate(Map.of("pid", 2L)));
        assertEquals(0, lookups.get(), "short-circuited: no rule read container");
        List<Alert> alerts = evaluator.evaluate(Map.of("pid", 1L));
        assertEquals(List.of("web localhost/img", "x"), alerts.stream().map(Alert::output).toList());
        assertEquals(1, lookups.get());
    }

    @Test
    void procIsReadFromProcOnlyWhenAsked(@TempDir Path proc) throws IOException {
        Path dir = Files.createDirectories(proc.resolve("321"));
        Files.writeString(dir.resolve("stat"), "321 (my (odd) comm) S 77 321 321 0 -1");
        Files.write(dir.resolve("cmdline"), "/opt/tool\0--flag\0".getBytes());
        Files.writeString(dir.resolve("status"), "Name:\tx\nUid:\t1000\t1000\t1000\t1000\n");
        Path binary = Files.writeString(proc.resolve("tool"), "");
        Files.createSymbolicLink(dir.resolve("exe"), binary);
        RuleSet set = rules("""
                - rule: Proc
                  condition: proc.ppid == 77 && proc.uid == 1000
                  output: "%proc.comm|%proc.cmdline|%proc.exe"
                  priority: info
                """);
        RuleEvaluator evaluator = new RuleEvaluator(set, "t", ContainerLookup.HOST_ONLY, proc, 1000, w -> { });
        List<Alert> alerts = evaluator.evaluate(Map.of("pid", 321L));
        assertEquals(List.of("my (odd) comm|/opt/tool --flag|" + binary), alerts.stream().map(Alert::output).toList());
        assertEquals(List.of(), evaluator.evaluate(Map.of("pid", 999L)), "a process that is gone matches nothing");
    }
}
