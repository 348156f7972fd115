package dev.polytrace.host.repl;

/**
 * What evaluating one input gave.
 *
 * @param kind what happened
 * @param text the value or the error message, ready to print; empty when there is nothing to show
 */
record EvalOutcome(Kind kind, String text) {
    enum Kind {
        /** A value to show (possibly nothing, e.g. an assignment). */
        VALUE,
        /** The input failed; {@code text} is the one message to show. */
        ERROR,
        /** The guest asked to leave ({@code sys.exit()}). */
        EXIT
    }

    static EvalOutcome value(String text) {
        return new EvalOutcome(Kind.VALUE, text);
    }

    static EvalOutcome error(String text) {
        return new EvalOutcome(Kind.ERROR, text);
    }
}
