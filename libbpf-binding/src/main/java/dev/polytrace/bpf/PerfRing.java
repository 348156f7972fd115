package dev.polytrace.bpf;

import com.kenai.jffi.MemoryIO;
import dev.polytrace.bpf.internal.LibC;
import dev.polytrace.bpf.internal.Native;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.Pointer;

/**
 * One CPU's perf ring for BPF output: a {@code PERF_COUNT_SW_BPF_OUTPUT} event whose mapping is
 * a metadata page ({@code struct perf_event_mmap_page}: data_head written by the kernel,
 * data_tail by us) followed by a power-of-two data area mapped once, so records that wrap past
 * its end are copied into a scratch buffer.
 */
final class PerfRing {
    static final int RECORD_LOST = 2;
    static final int RECORD_SAMPLE = 9;

    private static final int PERF_TYPE_SOFTWARE = 1;
    private static final int PERF_COUNT_SW_BPF_OUTPUT = 10;
    private static final long PERF_SAMPLE_RAW = 1L << 10;
    private static final long ATTR_FLAG_DISABLED = 1L;
    private static final long PERF_FLAG_FD_CLOEXEC = 1L << 3;
    private static final int ATTR_SIZE = 128;
    private static final int DATA_HEAD = 1024;
    private static final int DATA_TAIL = 1032;
    private static final int DATA_OFFSET = 1040;
    private static final int DATA_SIZE = 1048;
    private static final int HEADER_SIZE = 8;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** What a ring hands its records to. */
    interface RecordSink {
        void sample(int cpu, ByteBuffer data);

        void lost(int cpu, long count);
    }

    private final int cpu;
    private final int fd;
    private final Pointer mapping;
    private final long mappingSize;
    private final ByteBuffer meta;
    private final ByteBuffer data;
    private final int dataSize;
    private long tail;

    private PerfRing(int cpu, int fd, Pointer mapping, long mappingSize, int pageSize) {
        this.cpu = cpu;
        this.fd = fd;
        this.mapping = mapping;
        this.mappingSize = mappingSize;
        MemoryIO io = MemoryIO.getInstance();
        this.meta = io.newDirectByteBuffer(mapping.address(), pageSize).order(ByteOrder.LITTLE_ENDIAN);
        long offset = meta.getLong(DATA_OFFSET);
        long size = meta.getLong(DATA_SIZE);
        if (offset == 0 || size == 0) { // kernels before 4.1 leave these zero
            offset = pageSize;
            size = mappingSize - pageSize;
        }
        this.dataSize = (int) size;
        this.data = io.newDirectByteBuffer(mapping.address() + offset, dataSize).asReadOnlyBuffer()
                .order(ByteOrder.LITTLE_ENDIAN);
        this.tail = (long) LONGS.getAcquire(meta, DATA_TAIL);
    }

    /** Opens the BPF output event of {@code cpu} (disabled) and maps 1 + {@code pages} pages of it. */
    static PerfRing open(int cpu, int pages, int pageSize, String mapName) {
        Pointer attr = Native.allocate(ATTR_SIZE);
        attr.putInt(0, PERF_TYPE_SOFTWARE);
        attr.putInt(4, ATTR_SIZE);
        attr.putLong(8, PERF_COUNT_SW_BPF_OUTPUT);
        attr.putLong(16, 1); // sample_period: every output is a sample
        attr.putLong(24, PERF_SAMPLE_RAW);
        attr.putLong(40, ATTR_FLAG_DISABLED);
        attr.putInt(48, 1); // wakeup_events: wake the reader for every sample
        long fd = Native.libc().syscall(LibC.SYS_PERF_EVENT_OPEN, attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
        if (fd < 0) {
            throw new BpfException("perf_event_open(bpf output for " + mapName + ", cpu " + cpu + ")",
                    Native.lastErrno(), null);
        }
        long size = (1L + pages) * pageSize;
        Pointer p = Native.libc().mmap(null, size, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, (int) fd, 0);
        if (p == null || p.address() == -1L || p.address() == 0) {
            int errno = Native.lastErrno();
            Native.closeFd((int) fd);
            throw new BpfException("mmap(perf buffer of " + mapName + ", cpu " + cpu + ", " + pages + " pages)",
                    errno, errno == Errno.EPERM ? "raise the locked-memory limit or use fewer pages" : null);
        }
        return new PerfRing(cpu, (int) fd, p, size, pageSize);
    }

    int cpu() {
        return cpu;
    }

    int fd() {
        return fd;
    }

    void enable(String mapName) {
        Native.checkErrno(Native.libc().ioctl(fd, LibC.PERF_EVENT_IOC_ENABLE, 0),
                "ioctl(PERF_EVENT_IOC_ENABLE, " + mapName + " cpu " + cpu + ")");
    }

    /**
     * Hands every record the kernel has written to {@code sink}; returns the number of samples.
     * The tail is released even when the sink throws, so the failing record counts as consumed.
     */
    int read(RecordSink sink, ByteBuffer scratch) {
        long head = (long) LONGS.getAcquire(meta, DATA_HEAD);
        long position = tail;
        int samples = 0;
        try {
            while (position < head) {
                int offset = (int) (position & (dataSize - 1));
                int type = data.getInt(offset); // headers are 8-byte aligned: never split
                int size = data.getShort(offset + 6) & 0xffff;
                if (size < HEADER_SIZE) {
                    position = head; // cannot happen with a sane kernel; do not spin on it
                    break;
                }
                ByteBuffer record = offset + size <= dataSize ? data.slice(offset, size).order(ByteOrder.LITTLE_ENDIAN)
                        : unwrap(offset, size, scratch);
                position += size;
                if (type == RECORD_SAMPLE) {
                    samples++;
                    int rawSize = Math.min(record.getInt(HEADER_SIZE), size - HEADER_SIZE - 4);
                    sink.sample(cpu, record.slice(HEADER_SIZE + 4, rawSize).order(ByteOrder.LITTLE_ENDIAN));
                } else if (type == RECORD_LOST) {
                    sink.lost(cpu, record.getLong(HEADER_SIZE + 8)); // after the u64 id
                }
            }
        } finally {
            tail = position;
            LONGS.setRelease(meta, DATA_TAIL, position);
        }
        return samples;
    }

    /** Copies a record that wraps past the end of the data area into {@code scratch}. */
    private ByteBuffer unwrap(int offset, int size, ByteBuffer scratch) {
        int first = dataSize - offset;
        scratch.put(0, data, offset, first);
        scratch.put(first, data, 0, size - first);
        return scratch.slice(0, size).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Disables the event, unmaps and closes it; returns the first failure instead of stopping. */
    RuntimeException close(String mapName) {
        RuntimeException failure = null;
        if (Native.libc().ioctl(fd, LibC.PERF_EVENT_IOC_DISABLE, 0) < 0) {
            failure = new BpfException("ioctl(PERF_EVENT_IOC_DISABLE, " + mapName + " cpu " + cpu + ")",
                    Native.lastErrno(), null);
        }
        if (Native.libc().munmap(mapping, mappingSize) < 0 && failure == null) {
            failure = new BpfException("munmap(perf buffer of " + mapName + ", cpu " + cpu + ")", Native.lastErrno(),
                    null);
        }
        Native.closeFd(fd);
        return failure;
    }
}
