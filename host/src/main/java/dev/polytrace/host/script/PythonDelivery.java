package dev.polytrace.host.script;

import java.math.BigInteger;
import java.util.List;
import java.util.function.Predicate;
import org.graalvm.polyglot.Value;

/**
 * Python's column delivery: the run's records packed into one value ({@link EventColumns}) and
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
        EventColumns columns = types.columns();
        int rows = columns.fill(events, from, events.size());
        StringNumbering strings = columns.strings();
        Object[] fresh = strings.fresh();
        if (fresh.length > 0 || strings.restarted()) {
            try {
                loop.script().callOnEvent(() -> {
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
                    loop.progress(), Watchdog.PROGRESS_QUANTUM_NANOS, first, rows, onEvent, ctx), onError,
                    () -> types.at().getArrayElement(0).asLong());
        } finally {
            columns.clear(rows);
        }
    }
}
