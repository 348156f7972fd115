package dev.polytrace.host.rules;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationListener;
import dev.polytrace.host.container.ContainerInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The rules of one running tracer, applied to each of its events on the thread that reads them: no
 * guest call, no allocation beyond the event's variables. Each evaluation may take at most
 * {@code costLimit} steps (one per expression node evaluated, so a loop over a list costs its
 * length). A condition without loops is bounded by its size, checked once; one with loops is
 * metered while it runs (which costs about as much again as the evaluation). A rule past it, or failing otherwise (a field the event lacks), counts as an error of
 * that rule, reported once, and does not alert.
 */
public final class RuleEvaluator {
    /** Steps one evaluation of one condition may take by default. */
    public static final long DEFAULT_COST_LIMIT = 10_000;

    private final String tracer;
    private final List<CompiledRule> rules;
    private final ContainerLookup containers;
    private final Path procRoot;
    private final long costLimit;
    private final Consumer<String> warnings;
    private final Map<String, LongAdder> alerts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    public RuleEvaluator(RuleSet rules, String tracer, ContainerLookup containers, Consumer<String> warnings) {
        this(rules, tracer, containers, Path.of("/proc"), DEFAULT_COST_LIMIT, warnings);
    }

    RuleEvaluator(RuleSet rules, String tracer, ContainerLookup containers, Path procRoot, long costLimit,
                  Consumer<String> warnings) {
        this.tracer = tracer;
        this.rules = rules.forTracer(tracer);
        this.containers = containers;
        this.procRoot = procRoot;
        this.costLimit = costLimit;
        this.warnings = warnings;
        this.rules.forEach(r -> {
            alerts.put(r.name(), new LongAdder());
            errors.put(r.name(), new LongAdder());
        });
    }

    /** No rule sees this tracer's events: callers may skip decoding them. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The alerts {@code event} raises, in rule order; usually none. */
    public List<Alert> evaluate(Map<String, Object> event) {
        return evaluate(event, null);
    }

    /** As {@link #evaluate(Map)}, with the event's container already known (null: ask the lookup). */
    public List<Alert> evaluate(Map<String, Object> event, ContainerInfo container) {
        RuleInput input = new RuleInput(tracer, event, container == null ? containers : e -> container, procRoot);
        List<Alert> raised = List.of();
        for (CompiledRule rule : rules) {
            if (matches(rule, input)) {
                if (raised.isEmpty()) {
                    raised = new ArrayList<>(1);
                }
                raised.add(new Alert(rule.name(), rule.priority(), rule.output().render(input), tracer, rule.tags(),
                        input.event(), Instant.now()));
                alerts.get(rule.name()).increment();
            }
        }
        return raised;
    }

    private boolean matches(CompiledRule rule, RuleInput input) {
        try {
            if (rule.maxSteps() >= 0 && rule.maxSteps() <= costLimit) {
                return Boolean.TRUE.equals(rule.condition().eval(input));
            }
            return Boolean.TRUE.equals(rule.condition().trace(input, new CostMeter(costLimit)));
        } catch (CostMeter.Exceeded e) {
            fail(rule, "took more than " + costLimit + " evaluation steps (the per-rule cost limit)");
        } catch (CelEvaluationException | RuntimeException e) {
            Throwable cause = e.getCause() instanceof CostMeter.Exceeded ? e.getCause() : e;
            fail(rule, cause instanceof CostMeter.Exceeded ? "took more than " + costLimit
                    + " evaluation steps (the per-rule cost limit)" : String.valueOf(e.getMessage()));
        }
        return false;
    }

    private void fail(CompiledRule rule, String reason) {
        LongAdder count = errors.get(rule.name());
        count.increment();
        if (count.sum() == 1) {
            warnings.accept("rule '" + rule.name() + "' (" + rule.file() + " line " + rule.line() + ") failed on an "
                    + tracer + " event and did not alert: " + reason + "; further failures are only counted");
        }
    }

    /** Alerts raised so far, by rule (every rule of this tracer, 0 for those that never matched). */
    public Map<CompiledRule, Long> alertCounts() {
        Map<CompiledRule, Long> counts = new LinkedHashMap<>();
        rules.forEach(r -> counts.put(r, alerts.get(r.name()).sum()));
        return counts;
    }

    /** Evaluations that failed, by rule name. */
    public Map<String, Long> errorCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        rules.forEach(r -> counts.put(r.name(), errors.get(r.name()).sum()));
        return counts;
    }

    public String tracer() {
        return tracer;
    }

    /** Counts expression nodes as CEL evaluates them and stops the evaluation past the limit. */
    private static final class CostMeter implements CelEvaluationListener {
        private final long limit;
        private long steps;

        CostMeter(long limit) {
            this.limit = limit;
        }

        @Override
        public void callback(dev.cel.common.ast.CelExpr expr, Object result) {
            if (++steps > limit) {
                throw new Exceeded();
            }
        }

        static final class Exceeded extends RuntimeException {
            Exceeded() {
                super(null, null, false, false);
            }
        }
    }
}
