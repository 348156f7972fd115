package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.Native;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import jnr.ffi.Pointer;

/** A BPF iterator (iter/task, iter/bpf_map, ...): every read runs it once over the kernel objects. */
public final class IteratorLink extends LibbpfLink {
    IteratorLink(BpfObject owner, Pointer handle, String description) {
        super(owner, handle, description);
    }

    /** Runs the iterator and returns everything it printed with bpf_seq_printf / BPF_SEQ_PRINTF. */
    public byte[] readBytes() {
        if (isClosed()) {
            throw new BpfClosedException("iterator " + description());
        }
        int fd = Native.check(Native.libbpf().bpf_iter_create(fd()), "bpf_iter_create(" + description() + ")");
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            while (true) {
                long n = Native.libc().read(fd, buffer, buffer.length);
                if (n < 0) {
                    int errno = Native.lastErrno();
                    if (errno == Errno.EINTR || errno == Errno.EAGAIN) {
                        continue;
                    }
                    throw new BpfException("reading iterator " + description(), errno, null);
                }
                if (n == 0) {
                    return out.toByteArray();
                }
                out.write(buffer, 0, (int) n);
            }
        } finally {
            Native.closeFd(fd);
        }
    }

    public String read() {
        return new String(readBytes(), StandardCharsets.UTF_8);
    }
}
