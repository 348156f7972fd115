/**
 * {@code polytrace repl}: a JavaScript or Python prompt (JLine) bound to a running tracer's
 * {@code ctx}, with {@code :commands}, completion, history and the tracer's latest events.
 *
 * <p>{@link dev.polytrace.host.repl.Repl} runs the prompt on a terminal it is given;
 * {@code ReplSession} holds the state behind it: the {@code LoadedTracer} (the host's
 * {@code RunningTracer} and its event ring), one {@code GuestConsole} per language (a sandboxed context from the host's factory,
 * the only place guest values live) and the terminal output. {@code MetaCommands} is the picocli
 * tree of {@code :commands}; {@code ReplParser} and {@code ReplCompleter} plug into JLine.
 */
package dev.polytrace.host.repl;
