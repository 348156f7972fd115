package dev.polytrace.bpf;

/** Use of an object, map, link or reader after it was closed. */
public final class BpfClosedException extends BpfException {
    public BpfClosedException(String what) {
        super(what, Errno.EBADF, "already closed");
    }
}
