package dev.polytrace.host.script;

/**
 * What handing a run of events to {@code onEvent} came to: how many of them were handed over, and
 * whether the handler stopped (on-error stop, or a dead context) so the batch ends there.
 *
 * @param handled events of the run handed to {@code onEvent}, failed ones included
 * @param stopped whether the batch must end after them
 *
 * <p>Public for the language packages' {@link ColumnDelivery}s, which return it.
 */
public record RunOutcome(int handled, boolean stopped) {
    /** The run's first event cannot be decoded into columns: it goes through the host's views. */
    public static final RunOutcome NOT_COLUMNAR = new RunOutcome(0, false);

    public static RunOutcome all(int handled) {
        return new RunOutcome(handled, false);
    }

    public static RunOutcome stoppedAfter(int handled) {
        return new RunOutcome(handled, true);
    }
}
