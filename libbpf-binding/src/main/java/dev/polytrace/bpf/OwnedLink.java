package dev.polytrace.bpf;

/**
 * A link the binding makes itself rather than through libbpf's {@code bpf_link} (perf events on
 * every CPU, tc filters, XDP in an explicit mode): owned by its object, detached exactly once,
 * by {@link #close()} or by the object's close, after which the object forgets it.
 */
abstract class OwnedLink implements BpfLink {
    private final BpfObject owner;
    private final String description;
    private volatile boolean closed;

    OwnedLink(BpfObject owner, String description) {
        this.owner = owner;
        this.description = description;
    }

    /** Undoes the attachment; called once. */
    abstract void detach();

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }

    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        detach();
        owner.disown(this);
    }

    @Override
    public String toString() {
        return description;
    }
}
