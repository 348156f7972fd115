package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.LibBpf;
import dev.polytrace.bpf.internal.Native;
import dev.polytrace.bpf.internal.NativeResource;
import jnr.ffi.Pointer;

/** A link made by libbpf ({@code struct bpf_link}); destroying it detaches. */
class LibbpfLink implements BpfLink {
    private final String description;
    private final Pointer handle;
    private final NativeResource resource;
    private final BpfObject owner;

    LibbpfLink(BpfObject owner, Pointer handle, String description) {
        this.owner = owner;
        this.handle = handle;
        this.description = description;
        LibBpf lib = Native.libbpf();
        this.resource = new NativeResource(this, () -> lib.bpf_link__destroy(handle));
        owner.own(this);
    }

    int fd() {
        return Native.libbpf().bpf_link__fd(handle);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean isClosed() {
        return resource.isClosed();
    }

    @Override
    public void close() {
        if (!resource.isClosed()) {
            resource.close();
            owner.disown(this);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
