package dev.polytrace.host.script;

import java.util.List;
import java.util.function.Predicate;
import org.graalvm.polyglot.Value;

/**
 * One language's fast delivery: events of a record layout decoded into columns on the host and
 * built into the guest's own event objects by a loop compiled for that layout. Each language
 * package has its implementation, which its {@link HandlerLanguage#dispatch} provides.
 *
 * <p>Public for the language packages ({@code script.js}, {@code script.python}) that implement it.
 */
public interface ColumnDelivery {
    /**
     * Hands the events from {@code from} that share its layout to {@code onEvent}; a failing event
     * is reported to {@code onError}, and the run goes on after it unless that says stop.
     *
     * @return {@link RunOutcome#NOT_COLUMNAR} when the first event cannot be decoded into columns
     */
    RunOutcome deliver(List<QueuedEvent> events, int from, Object ctx, Value onEvent,
                       Predicate<HandlerException> onError);
}
