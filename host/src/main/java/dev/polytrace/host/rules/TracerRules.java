package dev.polytrace.host.rules;

import dev.polytrace.host.input.UserError;
import dev.polytrace.host.session.EventSink;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The rules and webhooks of one running tracer, as a front end sets them up: rule files compiled
 * before anything is loaded, the tracer's sink wrapped so alerts go to its output and to every
 * webhook, the webhooks drained when it stops. A run without rules gets {@link #NONE}, which
 * changes nothing.
 */
public final class TracerRules implements AutoCloseable {
    public static final TracerRules NONE = new TracerRules(null, List.of());

    private final RuleEvaluator evaluator;
    private final List<WebhookSender> webhooks;

    private TracerRules(RuleEvaluator evaluator, List<WebhookSender> webhooks) {
        this.evaluator = evaluator;
        this.webhooks = webhooks;
    }

    /**
     * @param sources  rule files ({@code bundled} or paths); none for a run without rules
     * @param warnings one line each: a rule failing on an event, no rule applying to this tracer
     * @throws RuleFileException the first problem in the files, with its line
     */
    public static TracerRules load(List<RuleSource> sources, List<URI> webhookUrls, String tracer,
                                   ContainerLookup containers, Consumer<String> warnings) {
        if (sources.isEmpty()) {
            if (!webhookUrls.isEmpty()) {
                throw new UserError("--alert-webhook needs --rules: alerts come from rules");
            }
            return NONE;
        }
        RuleSet rules = RuleSet.compile(RuleDefinitions.of(sources));
        RuleEvaluator evaluator = new RuleEvaluator(rules, tracer, containers, warnings);
        if (evaluator.isEmpty()) {
            warnings.accept("no rule of " + sources.stream().map(RuleSource::name).collect(Collectors.joining(", "))
                    + " applies to " + tracer + " (see each rule's 'tracers')");
        }
        List<WebhookSender> senders = new ArrayList<>();
        try {
            webhookUrls.forEach(url -> senders.add(new WebhookSender(url)));
        } catch (IllegalArgumentException e) {
            senders.forEach(WebhookSender::close);
            throw new UserError(e.getMessage());
        }
        return new TracerRules(evaluator, senders);
    }

    /** Where the tracer's records should go: through the rules (alerts to {@code output} and the webhooks) to {@code target}. */
    public EventSink wrap(EventSink target, AlertSink output) {
        if (evaluator == null) {
            return target;
        }
        AlertSink alerts = output;
        for (WebhookSender webhook : webhooks) {
            alerts = alerts.and(webhook);
        }
        return RulesSink.wrap(target, evaluator, alerts);
    }

    public boolean isEmpty() {
        return evaluator == null;
    }

    /** Alerts raised so far by rule, for this tracer's rules; empty without rules. */
    public Map<CompiledRule, Long> alertCounts() {
        return evaluator == null ? Map.of() : evaluator.alertCounts();
    }

    public Map<String, Long> errorCounts() {
        return evaluator == null ? Map.of() : evaluator.errorCounts();
    }

    public List<WebhookSender> webhooks() {
        return webhooks;
    }

    /** "2 alerts (Write below etc: 2); webhook http://...: 2 sent, 0 failed, 0 dropped"; empty when there is nothing to say. */
    public String summary() {
        if (evaluator == null) {
            return "";
        }
        long total = alertCounts().values().stream().mapToLong(Long::longValue).sum();
        List<String> parts = new ArrayList<>();
        parts.add(total + " alert" + (total == 1 ? "" : "s") + (total == 0 ? "" : " (" + alertCounts().entrySet()
                .stream().filter(e -> e.getValue() > 0).map(e -> e.getKey().name() + ": " + e.getValue())
                .collect(Collectors.joining(", ")) + ")"));
        long errors = errorCounts().values().stream().mapToLong(Long::longValue).sum();
        if (errors > 0) {
            parts.add(errors + " failed rule evaluation" + (errors == 1 ? "" : "s"));
        }
        for (WebhookSender w : webhooks) {
            parts.add("webhook " + w.url() + ": " + w.sent() + " sent, " + w.failed() + " failed, " + w.dropped()
                    + " dropped");
        }
        return String.join("; ", parts);
    }

    /** Gives the webhooks a few seconds to post what is queued. */
    @Override
    public void close() {
        webhooks.forEach(w -> w.close(Duration.ofSeconds(5)));
    }
}
