package dev.polytrace.bpf;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Every failure of the binding: names the operation that failed and, when the kernel or
 * libbpf reported one, the errno. Unchecked, as callers can rarely do more than report it.
 */
public class BpfException extends RuntimeException {
    private final String operation;
    private final int errno;

    public BpfException(String operation, int errno, String detail) {
        this(operation, errno, detail, null);
    }

    public BpfException(String operation, int errno, String detail, Throwable cause) {
        super(format(operation, errno, detail), cause);
        this.operation = operation;
        this.errno = Math.abs(errno);
    }

    /**
     * Reading a file failed: ENOENT for a missing file, with {@code hint} saying what would provide
     * it (or null), EACCES for a refused one, else EIO with the I/O error's message.
     */
    public static BpfException reading(String operation, IOException e, String hint) {
        return switch (e) {
            case NoSuchFileException missing -> new BpfException(operation, Errno.ENOENT, hint, e);
            case AccessDeniedException denied -> new BpfException(operation, Errno.EACCES, null, e);
            default -> new BpfException(operation, Errno.EIO, e.getMessage(), e);
        };
    }

    /** The operation that failed, e.g. {@code bpf_object__load(execsnoop)}. */
    public String operation() {
        return operation;
    }

    /** The positive errno reported by the kernel or libbpf, or 0 when there was none. */
    public int errno() {
        return errno;
    }

    private static String format(String operation, int errno, String detail) {
        StringBuilder sb = new StringBuilder(operation).append(" failed");
        if (errno != 0) {
            sb.append(": ").append(Errno.describe(Math.abs(errno)));
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append(errno != 0 ? " (" : ": ").append(detail).append(errno != 0 ? ")" : "");
        }
        return sb.toString();
    }
}
