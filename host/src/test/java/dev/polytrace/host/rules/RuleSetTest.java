package dev.polytrace.host.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleSetTest {
    private static RuleSet compile(String... files) {
        List<RuleSource> sources = new java.util.ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            sources.add(new RuleSource("f" + (i + 1) + ".yaml", files[i]));
        }
        return RuleSet.compile(RuleDefinitions.of(sources));
    }

    private static RuleFileException error(String yaml) {
        return assertThrows(RuleFileException.class, () -> compile(yaml));
    }

    @Test
    void bundledRulesCompile() {
        RuleSet bundled = RuleSet.load(List.of("bundled"));
        assertEquals(List.of("Shell in container", "Write below etc", "Read shadow by non-root binary",
                "Exec from temporary directory", "Unexpected outbound port from container", "Sensitive mount"),
                bundled.rules().stream().map(CompiledRule::name).toList());
        assertEquals(List.of("Write below etc", "Read shadow by non-root binary"),
                bundled.forTracer("opensnoop").stream().map(CompiledRule::name).toList());
    }

    @Test
    void listsAndMacrosExpandIntoTheCondition() {
        RuleSet rules = compile("""
                - list: shells
                  items: [bash, sh]
                - list: more_shells
                  items: [shells, zsh]
                - macro: is_shell
                  condition: event.comm in more_shells
                - rule: Shell
                  desc: a shell
                  condition: is_shell && event.pid > 1
                  output: "shell %event.comm (%tracer) 100%%"
                  priority: WARNING
                """);
        RuleEvaluator evaluator = new RuleEvaluator(rules, "execsnoop", ContainerLookup.HOST_ONLY, w -> { });
        List<Alert> alerts = evaluator.evaluate(Map.of("comm", "zsh", "pid", 42L));
        assertEquals(1, alerts.size());
        assertEquals("shell zsh (execsnoop) 100%", alerts.get(0).output());
        assertEquals(Priority.WARNING, alerts.get(0).priority());
        assertEquals(List.of(), evaluator.evaluate(Map.of("comm", "cat", "pid", 42L)));
        assertEquals(List.of(), evaluator.evaluate(Map.of("comm", "bash", "pid", 1L)));
        assertEquals(1L, evaluator.alertCounts().values().iterator().next());
    }

    @Test
    void anUnknownNameInAConditionIsReportedAtItsLineAndColumn() {
        RuleFileException e = error("""
                - rule: Bad
                  desc: x
                  output: x
                  priority: notice
                  condition: event.pid == 1 && evnt.comm == "sh"
                """);
        assertEquals(5, e.line());
        assertTrue(e.getMessage().startsWith("f1.yaml line 5: rule 'Bad' condition, column 19: "), e.getMessage());
        assertTrue(e.getMessage().contains("evnt"), e.getMessage());
    }

    @Test
    void anErrorOnTheThirdLineOfABlockConditionNamesThatLine() {
        RuleFileException e = error("""
                - rule: Bad
                  desc: x
                  output: x
                  priority: notice
                  condition: |
                    event.pid == 1 &&
                    event.comm == "sh" &&
                    event.uid == )
                """);
        assertEquals(8, e.line(), e.getMessage());
    }

    @Test
    void anErrorInAMacroIsReportedAtTheMacro() {
        RuleFileException e = error("""
                - macro: ok
                  condition: event.pid > 0
                - macro: broken
                  condition: event.pid >
                - rule: Uses it
                  desc: x
                  condition: ok && broken
                  output: x
                  priority: info
                """);
        assertEquals(4, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("macro 'broken'"), e.getMessage());
    }

    @Test
    void aConditionThatIsNotTrueOrFalseIsRefused() {
        RuleFileException e = error("""
                - rule: Not a test
                  desc: x
                  condition: event.pid + 1
                  output: x
                  priority: info
                """);
        assertEquals(3, e.line());
    }

    @Test
    void macrosThatUseEachOtherAreRefused() {
        RuleFileException e = error("""
                - macro: a
                  condition: b
                - macro: b
                  condition: a
                """);
        assertTrue(e.getMessage().contains("uses itself: a -> b -> a"), e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    void fileMistakesNameTheirLine() {
        assertEquals(4, error("""
                - rule: R
                  desc: x
                  condition: true
                  prority: info
                  output: x
                """).line());
        RuleFileException priority = error("""
                - rule: R
                  condition: true
                  output: x
                  priority: loud
                """);
        assertEquals(4, priority.line());
        assertTrue(priority.getMessage().contains("emergency, alert"), priority.getMessage());
        RuleFileException output = error("""
                - rule: R
                  condition: true
                  output: "pid %process.pid"
                  priority: info
                """);
        assertEquals(3, output.line());
        assertTrue(output.getMessage().contains("%process.pid: unknown field"), output.getMessage());
        assertEquals(2, error("""
                - rule: R
                  condition: [true
                """).line());
        assertEquals(3, error("""
                - list: a
                  items: [x]
                - list: a
                  items: [y]
                """).line());
        assertTrue(error("- macro: event\n  condition: true\n").getMessage().contains("is taken"));
        assertTrue(error("- rule: R\n  output: x\n  priority: info\n").getMessage().contains("missing 'condition'"));
    }

    @Test
    void aLaterFileRedefinesAListAndSwitchesARuleOff() {
        String base = """
                - list: ports
                  items: [80]
                - rule: Port
                  condition: event.dport in ports
                  output: port %event.dport
                  priority: notice
                - rule: Other
                  condition: event.dport == 1
                  output: one
                  priority: notice
                """;
        RuleSet rules = compile(base, """
                - list: ports
                  items: [8080]
                - rule: Other
                  enabled: false
                """);
        assertEquals(List.of("Port"), rules.rules().stream().map(CompiledRule::name).toList());
        RuleEvaluator evaluator = new RuleEvaluator(rules, "tcpconnect", ContainerLookup.HOST_ONLY, w -> { });
        assertEquals(1, evaluator.evaluate(Map.of("dport", 8080L)).size());
        assertEquals(0, evaluator.evaluate(Map.of("dport", 80L)).size());
        assertTrue(assertThrows(RuleFileException.class, () -> compile("- rule: Nope\n  enabled: false\n"))
                .getMessage().contains("no earlier file defines it"));
    }

    @Test
    void tracersLimitWhichEventsARuleSees() {
        RuleSet rules = compile("""
                - rule: Only opens
                  condition: event.pid > 0
                  output: x
                  priority: info
                  tracers: [opensnoop]
                """);
        assertTrue(new RuleEvaluator(rules, "execsnoop", ContainerLookup.HOST_ONLY, w -> { }).isEmpty());
        assertEquals(1, new RuleEvaluator(rules, "opensnoop", ContainerLookup.HOST_ONLY, w -> { })
                .evaluate(Map.of("pid", 3L)).size());
    }
}
