package dev.polytrace.host.script;

/**
 * What handing a run of events to {@code onEvent} came to: how many of them were handed over, and
 * whether the handler stopped (on-error stop, or a dead context) so the batch ends there.
 *
 * @param handled events of the run handed to {@code onEvent}, failed ones included
 * @param stopped whether the batch must end after them
 */
record RunOutcome(int handled, boolean stopped) {
    /** The run's first event cannot be decoded into columns: it goes through the host's views. */
    static final RunOutcome NOT_COLUMNAR = new RunOutcome(0, false);

    static RunOutcome all(int handled) {
        return new RunOutcome(handled, false);
    }

    static RunOutcome stoppedAfter(int handled) {
        return new RunOutcome(handled, true);
    }
}
