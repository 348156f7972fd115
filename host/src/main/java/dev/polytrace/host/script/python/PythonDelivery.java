package dev.polytrace.host.script.python;

import dev.polytrace.host.script.ColumnDelivery;
import dev.polytrace.host.script.GuestLoop;
import dev.polytrace.host.script.HandlerException;
import dev.polytrace.host.script.QueuedEvent;
import dev.polytrace.host.script.RunOutcome;
import dev.polytrace.host.script.StringNumbering;
import java.math.BigInteger;
import java.util.List;
import java.util.function.Predicate;
import org.graalvm.polyglot.Value;

/**
 * Python's column delivery: the run's records packed into one value ({@link PythonColumns}) and
 * unpacked by the layout's generated class and loop ({@link PythonEventTypes}).
 */
final class PythonDelivery implements ColumnDelivery {
    private final GuestLoop loop;
    private final PythonEventTypes eventTypes;

    PythonDelivery(GuestLoop loop, Value defineEventType, int batchSize) {
        this.loop = loop;
        this.eventTypes = new PythonEventTypes(defineEventType, batchSize);
    }

    @Override
    public RunOutcome deliver(List<QueuedEvent> events, int from, Object ctx, Value onEvent,
                              Predicate<HandlerException> onError) {
        PythonEventTypes.LayoutDispatch types = eventTypes.forLayout(events.get(from).layout());
        PythonColumns columns = types.columns();
        int rows = columns.fill(events, from, events.size());
        StringNumbering strings = columns.strings();
        Object[] fresh = strings.fresh();
        if (fresh.length > 0 || strings.restarted()) {
            try {
                loop.callOnEvent(() -> {
                    if (strings.restarted()) {
                        types.clearStrings().execute();
                    }
                    return types.extendStrings().execute((Object) fresh);
                });
            } catch (HandlerException e) {
                strings.forget(); // the guest's list missed these: number from scratch next time
                onError.test(e);
                return RunOutcome.stoppedAfter(0); // none of the run was handled
            }
        }
        BigInteger packed = columns.packed(rows);
        try {
            return loop.run(events, from, rows, first -> types.loop().execute(packed, columns.recordLength(), columns.columns(),
                    loop.progress(), GuestLoop.progressQuantumNanos(), first, rows, onEvent, ctx), onError,
                    () -> types.at().getArrayElement(0).asLong());
        } finally {
            columns.clear(rows);
        }
    }
}
