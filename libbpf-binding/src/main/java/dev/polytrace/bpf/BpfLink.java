package dev.polytrace.bpf;

/** An attachment of a program to a hook; closing it detaches. Closing twice is harmless. */
public interface BpfLink extends AutoCloseable {
    /** What is attached where, e.g. {@code handle_exec -> tracepoint syscalls:sys_enter_execve}. */
    String description();

    boolean isClosed();

    @Override
    void close();
}
