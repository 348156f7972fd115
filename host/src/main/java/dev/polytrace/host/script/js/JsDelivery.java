package dev.polytrace.host.script.js;

import dev.polytrace.host.script.ColumnDelivery;
import dev.polytrace.host.script.GuestLoop;
import dev.polytrace.host.script.HandlerException;
import dev.polytrace.host.script.QueuedEvent;
import dev.polytrace.host.script.RunOutcome;
import dev.polytrace.host.script.StringNumbering;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.graalvm.polyglot.Value;

/**
 * JavaScript's column delivery: the run's fields in typed host columns ({@link JsColumns}), built
 * into JS objects by the layout's compiled loop ({@link JsEventTypes}). The loop first adds the
 * strings numbered for this run to its list (again after a failing event, which does nothing if
 * they are there); after a failure the numbering starts over next run, in case the guest was
 * stopped while adding them.
 */
final class JsDelivery implements ColumnDelivery {
    private final GuestLoop loop;
    private final JsEventTypes eventTypes;

    /** @param compile evaluates host JavaScript in the handler's context */
    JsDelivery(GuestLoop loop, Function<String, Value> compile, int batchSize) {
        this.loop = loop;
        this.eventTypes = new JsEventTypes(compile, batchSize);
    }

    @Override
    public RunOutcome deliver(List<QueuedEvent> events, int from, Object ctx, Value onEvent,
                              Predicate<HandlerException> onError) {
        JsEventTypes.LayoutDispatch types = eventTypes.forLayout(events.get(from).layout());
        if (types.loop() == null) {
            return RunOutcome.NOT_COLUMNAR;
        }
        JsColumns columns = types.columns();
        StringNumbering strings = types.strings();
        int rows = columns.fill(events, from, events.size(), strings);
        Object[] fresh = strings.fresh();
        int base = strings.size() - fresh.length;
        boolean restart = strings.restarted();
        boolean[] failed = {false};
        long[] progress = loop.progress();
        try {
            return loop.run(events, from, rows, first -> types.loop().execute(columns.arrays(), columns.bigs(), fresh, base, restart,
                    progress, first, rows, onEvent, ctx), e -> {
                        failed[0] = true;
                        return onError.test(e);
                    }, () -> progress[0]);
        } finally {
            columns.clear(rows);
            if (failed[0]) {
                strings.forget();
            }
        }
    }
}
