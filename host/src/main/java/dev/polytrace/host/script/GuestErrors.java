package dev.polytrace.host.script;

import dev.polytrace.host.script.HandlerException.Kind;
import java.time.Duration;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;

/**
 * Turns what a guest call threw into a {@link HandlerException} that names the handler file and
 * line, and sorts it: an ordinary error, a timeout (context still usable) or a fatal failure
 * (context dead). The message says what happened, not what is done about it (a rebuild, a stop).
 *
 * <p>The {@link PolyglotException} is not kept as the cause: it holds the guest's exception object
 * and frames, and through them the whole context, so a kept first error would keep a closed
 * context's heap alive (a handler stopped for running out of memory would never give it back).
 */
final class GuestErrors {
    private GuestErrors() {
    }

    static HandlerException translate(PolyglotException e, HandlerLanguage language, String fileName, String call,
                                      Duration budget) {
        String location = location(e, language, fileName);
        if (e.isInterrupted()) {
            return new HandlerException(Kind.TIMEOUT, location,
                    call + " ran longer than " + budget.toMillis() + " ms and was interrupted", null);
        }
        if (e.isResourceExhausted() || e.isCancelled()) {
            return new HandlerException(Kind.FATAL, location, exhausted(e), null);
        }
        if (e.isHostException()) {
            Throwable host = e.asHostException();
            Kind kind = host instanceof VirtualMachineError ? Kind.FATAL : Kind.ERROR;
            return new HandlerException(kind, location, hostMessage(host), null);
        }
        String message = firstLine(e.getMessage());
        if (e.isInternalError()) {
            // GraalPy reports some sandbox denials (sockets, os.system, threads) as internal errors.
            return new HandlerException(Kind.ERROR, location, "denied by the sandbox: " + denial(message), null);
        }
        if (language.isOutOfMemoryError(message)) {
            // The language's own out-of-memory. With the heap still full after a collection, what
            // the context holds is the problem and only closing it frees that; otherwise the one
            // allocation was too large and was refused, and the context is fine.
            String heap = HeapGuard.critical();
            return heap != null
                    ? new HandlerException(Kind.FATAL, location, message + " (out of memory: " + heap + ")", null)
                    : new HandlerException(Kind.ERROR, location, message + " (an allocation larger than the heap can"
                            + " hold was refused)", null);
        }
        return new HandlerException(Kind.ERROR, location, message, null);
    }

    /** A failure outside guest code on the handler thread (out of memory in host code, a bug). */
    static HandlerException hostFailure(String fileName, String call, Throwable t) {
        Kind kind = t instanceof VirtualMachineError ? Kind.FATAL : Kind.ERROR;
        return new HandlerException(kind, fileName, call + " failed in the host: " + hostMessage(t), t);
    }

    private static String exhausted(PolyglotException e) {
        String message = firstLine(e.getMessage());
        if (message.startsWith("Statement count limit")) {
            return message + " (its context is dead)";
        }
        if (message.contains("heap space") || message.contains("OutOfMemory")) {
            return "out of memory (" + message + ")";
        }
        return message;
    }

    private static String hostMessage(Throwable host) {
        String message = host.getMessage();
        if (host instanceof OutOfMemoryError) {
            return "out of memory (" + message + ")";
        }
        return message == null || message.isBlank() ? host.getClass().getSimpleName() : firstLine(message);
    }

    private static String denial(String message) {
        int colon = message.lastIndexOf(": ");
        String tail = colon >= 0 ? message.substring(colon + 2) : message;
        return tail.isBlank() ? message : tail;
    }

    private static String location(PolyglotException e, HandlerLanguage language, String fileName) {
        int line = language.errorLine(e, fileName);
        if (line > 0) {
            return fileName + ":" + line;
        }
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (frame.isGuestFrame() && inFile(frame.getSourceLocation(), fileName)) {
                return fileName + ":" + frame.getSourceLocation().getStartLine();
            }
        }
        SourceSection at = e.getSourceLocation();
        return inFile(at, fileName) ? fileName + ":" + at.getStartLine() : fileName;
    }

    private static boolean inFile(SourceSection section, String fileName) {
        return section != null && section.isAvailable() && fileName.equals(section.getSource().getName());
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return (nl >= 0 ? message.substring(0, nl) : message).strip();
    }
}
