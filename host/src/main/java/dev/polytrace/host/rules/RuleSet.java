package dev.polytrace.host.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.compiler.CelCompiler;
import dev.cel.runtime.CelEvaluationException;
import dev.polytrace.host.rules.ConditionExpander.Expanded;
import dev.polytrace.host.rules.RuleDefinitions.MacroDef;
import dev.polytrace.host.rules.RuleDefinitions.RuleDef;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule files compiled: every macro checked on its own, every enabled rule's condition expanded and
 * compiled to a CEL program, every output template parsed. The first problem found is a
 * {@link RuleFileException} naming its file and line.
 */
public final class RuleSet {
    private final List<CompiledRule> rules;
    private final int disabled;
    private final int macros;
    private final int lists;

    private RuleSet(List<CompiledRule> rules, int disabled, int macros, int lists) {
        this.rules = List.copyOf(rules);
        this.disabled = disabled;
        this.macros = macros;
        this.lists = lists;
    }

    /** Reads ({@code bundled} or paths) and compiles, in order. */
    public static RuleSet load(List<String> specs) {
        return compile(RuleDefinitions.of(specs.stream().map(RuleSource::read).toList()));
    }

    public static RuleSet compile(RuleDefinitions definitions) {
        ConditionExpander expander = new ConditionExpander(definitions.lists(), definitions.macros());
        for (MacroDef macro : definitions.macros().values()) {
            Expanded expanded;
            try {
                expanded = expander.expand(macro.condition(), macro.name());
            } catch (ConditionExpander.ExpansionException e) {
                throw new RuleFileException(macro.file(), macro.line(), e.getMessage());
            }
            compile(CelEnvironment.FRAGMENTS, expanded, macro.condition(), macro.file(), macro.line(),
                    "macro '" + macro.name() + "'");
        }
        List<CompiledRule> compiled = new ArrayList<>();
        int off = 0;
        for (RuleDef rule : definitions.rules()) {
            if (!rule.enabled()) {
                off++;
                continue;
            }
            compiled.add(compileRule(expander, rule));
        }
        return new RuleSet(compiled, off, definitions.macros().size(), definitions.lists().size());
    }

    private static CompiledRule compileRule(ConditionExpander expander, RuleDef rule) {
        String what = "rule '" + rule.name() + "' condition";
        Expanded expanded = expand(expander, rule.condition(), rule.file(), rule.conditionLine(), what);
        CelAbstractSyntaxTree ast = compile(CelEnvironment.CONDITIONS, expanded, rule.condition(), rule.file(),
                rule.conditionLine(), what);
        OutputTemplate output;
        try {
            output = OutputTemplate.parse(rule.output());
        } catch (IllegalArgumentException e) {
            throw new RuleFileException(rule.file(), rule.outputLine(), "rule '" + rule.name() + "' output: "
                    + e.getMessage());
        }
        try {
            return new CompiledRule(rule.name(), rule.desc(), rule.priority(), rule.tags(), rule.tracers(),
                    rule.file(), rule.line(), CelEnvironment.RUNTIME.createProgram(ast), output, maxSteps(ast));
        } catch (CelEvaluationException e) {
            throw new RuleFileException(rule.file(), rule.conditionLine(), what + ": " + e.getMessage());
        }
    }

    /** Without a comprehension each node is evaluated at most once: the node count bounds the steps. */
    private static long maxSteps(CelAbstractSyntaxTree ast) {
        List<CelNavigableExpr> nodes = CelNavigableAst.fromAst(ast).getRoot().allNodes().toList();
        boolean loops = nodes.stream().anyMatch(n -> n.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION);
        return loops ? -1 : nodes.size();
    }

    private static Expanded expand(ConditionExpander expander, String condition, String file, int line, String what) {
        try {
            return expander.expand(condition);
        } catch (ConditionExpander.ExpansionException e) {
            throw new RuleFileException(file, line, what + ": " + e.getMessage());
        }
    }

    private static CelAbstractSyntaxTree compile(CelCompiler compiler, Expanded expanded, String original,
                                                 String file, int line, String what) {
        CelValidationResult result = compiler.compile(expanded.text());
        if (!result.hasError()) {
            try {
                return result.getAst();
            } catch (CelValidationException e) {
                throw new RuleFileException(file, line, what + ": " + e.getMessage());
            }
        }
        CelIssue issue = result.getErrors().get(0);
        throw new RuleFileException(file, line + ConditionPosition.lineWithin(expanded, original, issue),
                what + ConditionPosition.describe(expanded, original, issue) + ": "
                        + issue.getMessage().replace(" (in container '')", ""));
    }

    public List<CompiledRule> rules() {
        return rules;
    }

    /** The rules that see events of {@code tracer}. */
    public List<CompiledRule> forTracer(String tracer) {
        return rules.stream().filter(r -> r.appliesTo(tracer)).toList();
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** "5 rules (1 disabled), 3 macros, 2 lists". */
    public String summary() {
        return rules.size() + " rule" + (rules.size() == 1 ? "" : "s") + (disabled > 0 ? " (" + disabled
                + " disabled)" : "") + ", " + macros + " macro" + (macros == 1 ? "" : "s") + ", " + lists + " list"
                + (lists == 1 ? "" : "s");
    }
}
