package dev.polytrace.host.rules;

import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.host.session.ForwardingSink;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Puts a tracer's rules in front of where its events go: each record is decoded once more for the
 * rules (its bytes are left as they were) and every alert it raises goes to {@code alerts} before
 * the record goes on to {@code target} (the handler, or the output). Alerts so reach the output
 * even when a handler shapes what else is printed.
 */
public final class RulesSink extends ForwardingSink {
    private final EventSink target;
    private final AlertSink alerts;
    private final RuleEvaluator rules;

    public RulesSink(EventSink target, RuleEvaluator rules, AlertSink alerts) {
        this.target = target;
        this.rules = rules;
        this.alerts = alerts;
    }

    /** {@code target} itself when no rule sees this tracer's events, so they keep their fast path. */
    public static EventSink wrap(EventSink target, RuleEvaluator rules, AlertSink alerts) {
        return rules.isEmpty() ? target : new RulesSink(target, rules, alerts);
    }

    @Override
    protected EventSink target() {
        return target;
    }

    @Override
    public void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
        raise(event);
        target.onEvent(stream, event, raw);
    }

    @Override
    public void onRecord(String stream, RecordLayout layout, ByteBuffer raw) {
        layout.check(raw);
        raise(layout.decode(raw), null); // keeps raw's position
        target.onRecord(stream, layout, raw);
    }

    /** {@code container}: as the session resolved it for this record; conditions see it as {@code container}. */
    @Override
    public void onRecord(String stream, RecordLayout layout, ByteBuffer raw, ContainerInfo container) {
        layout.check(raw);
        raise(layout.decode(raw), container);
        target.onRecord(stream, layout, raw, container);
    }

    private void raise(Map<String, Object> event) {
        raise(event, null);
    }

    private void raise(Map<String, Object> event, ContainerInfo container) {
        for (Alert alert : rules.evaluate(event, container)) {
            alerts.onAlert(alert);
        }
    }

    public RuleEvaluator rules() {
        return rules;
    }
}
