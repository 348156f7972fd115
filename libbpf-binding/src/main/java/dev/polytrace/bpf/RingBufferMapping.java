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
 * A BPF ring buffer's pages mapped into this process, as the kernel lays them out: the consumer
 * page (ours to write) at map offset 0, then, read-only, the producer page followed by the data
 * area mapped twice in a row, so a record that wraps past the end is still contiguous.
 *
 * <p>Every record starts with an 8-byte header whose first word is the length, with the BUSY bit
 * set while the producer still writes it and the DISCARD bit for records to skip; records are
 * padded to 8 bytes. Positions only grow; {@code position & mask} is the offset in the data area.
 */
final class RingBufferMapping {
    static final int BUSY_BIT = 1 << 31;
    static final int DISCARD_BIT = 1 << 30;
    static final int LENGTH_MASK = ~(BUSY_BIT | DISCARD_BIT);
    static final int HEADER_SIZE = 8;

    // The ring's words, little-endian, with acquire/release access; SyntheticRing writes with them too.
    static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final Pointer consumerMapping;
    private final long consumerMappingSize;
    private final Pointer producerMapping;
    private final long producerMappingSize;
    private final ByteBuffer consumerPage;
    private final ByteBuffer producerPage;
    private final ByteBuffer data;
    private final int capacity;
    private final long mask;

    private RingBufferMapping(Pointer consumerMapping, long consumerMappingSize, Pointer producerMapping,
            long producerMappingSize, int pageSize, int capacity) {
        this.consumerMapping = consumerMapping;
        this.consumerMappingSize = consumerMappingSize;
        this.producerMapping = producerMapping;
        this.producerMappingSize = producerMappingSize;
        MemoryIO io = MemoryIO.getInstance();
        this.consumerPage = io.newDirectByteBuffer(consumerMapping.address(), pageSize);
        this.producerPage = io.newDirectByteBuffer(producerMapping.address(), pageSize).asReadOnlyBuffer();
        // Read-only so that record views handed to callers cannot write (the pages are PROT_READ).
        this.data = io.newDirectByteBuffer(producerMapping.address() + pageSize, 2 * capacity).asReadOnlyBuffer();
        this.capacity = capacity;
        this.mask = capacity - 1L;
    }

    /** Maps the ring of map {@code fd}, whose data area is {@code maxEntries} bytes. */
    static RingBufferMapping map(int fd, int maxEntries, String name) {
        int pageSize = (int) Native.libc().sysconf(LibC.SC_PAGESIZE);
        if (maxEntries <= 0 || Integer.bitCount(maxEntries) != 1 || maxEntries > (1 << 30)) {
            throw new BpfException("mapping ring buffer " + name, Errno.EINVAL,
                    "size " + maxEntries + " is not a power of two up to 1 GiB");
        }
        LibC libc = Native.libc();
        Pointer consumer = mmap(pageSize, LibC.PROT_READ | LibC.PROT_WRITE, fd, 0, "consumer page of " + name);
        long producerSize = pageSize + 2L * maxEntries;
        Pointer producer;
        try {
            producer = mmap(producerSize, LibC.PROT_READ, fd, pageSize, "producer page and data of " + name);
        } catch (RuntimeException e) {
            libc.munmap(consumer, pageSize);
            throw e;
        }
        return new RingBufferMapping(consumer, pageSize, producer, producerSize, pageSize, maxEntries);
    }

    /**
     * The same layout in private memory that this process writes itself ({@link SyntheticRing}):
     * the data area once, records that wrap simply run on into the second half.
     */
    static RingBufferMapping anonymous(int capacity) {
        int pageSize = (int) Native.libc().sysconf(LibC.SC_PAGESIZE);
        int readWrite = LibC.PROT_READ | LibC.PROT_WRITE;
        int flags = LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS;
        Pointer consumer = mmap(pageSize, readWrite, flags, -1, 0, "synthetic consumer page");
        long producerSize = pageSize + 2L * capacity;
        Pointer producer;
        try {
            producer = mmap(producerSize, readWrite, flags, -1, 0, "synthetic producer page and data");
        } catch (RuntimeException e) {
            Native.libc().munmap(consumer, pageSize);
            throw e;
        }
        return new RingBufferMapping(consumer, pageSize, producer, producerSize, pageSize, capacity);
    }

    private static Pointer mmap(long size, int protection, int fd, long offset, String what) {
        return mmap(size, protection, LibC.MAP_SHARED, fd, offset, what);
    }

    private static Pointer mmap(long size, int protection, int flags, int fd, long offset, String what) {
        Pointer p = Native.libc().mmap(null, size, protection, flags, fd, offset);
        if (p == null || p.address() == -1L || p.address() == 0) {
            throw new BpfException("mmap(" + what + ")", Native.lastErrno(), null);
        }
        return p;
    }

    /** A writable view of the producer page and the data area after it, for {@link SyntheticRing} only. */
    ByteBuffer writableProducerSide() {
        return MemoryIO.getInstance().newDirectByteBuffer(producerMapping.address(), (int) producerMappingSize)
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Size of the data area in bytes. */
    int capacity() {
        return capacity;
    }

    long consumerPosition() {
        return (long) LONGS.getAcquire(consumerPage, 0);
    }

    /** Release store: the producer may reuse everything before {@code position} once it sees it. */
    void publishConsumerPosition(long position) {
        LONGS.setRelease(consumerPage, 0, position);
    }

    long producerPosition() {
        return (long) LONGS.getAcquire(producerPage, 0);
    }

    /** The length word of the record at {@code position}; acquire, so its contents are visible once not BUSY. */
    int headerAt(long position) {
        return (int) INTS.getAcquire(data, (int) (position & mask));
    }

    /** Bytes a record of {@code length} occupies, header and padding included. */
    static long span(int length) {
        return (length + HEADER_SIZE + 7L) & ~7L;
    }

    /** A read-only little-endian view of the record at {@code position}: position 0, limit {@code length}. */
    ByteBuffer record(long position, int length) {
        return data.slice((int) (position & mask) + HEADER_SIZE, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A view of the whole data area (read-only, little-endian) for {@link #place} to move over the records. */
    ByteBuffer newInPlaceView() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Moves {@code view} onto the record at {@code position}: position its first byte, limit its end. */
    ByteBuffer place(ByteBuffer view, long position, int length) {
        int start = (int) (position & mask) + HEADER_SIZE;
        view.limit(start + length); // first: a position may not pass the limit (a later one is pulled back)
        return view.position(start);
    }

    /** Unmaps both mappings; the views must not be used afterwards (the gate guarantees it). */
    void unmap(String name) {
        LibC libc = Native.libc();
        int producerRc = libc.munmap(producerMapping, producerMappingSize);
        int producerErrno = Native.lastErrno();
        Native.checkErrno(libc.munmap(consumerMapping, consumerMappingSize), "munmap(consumer page of " + name + ")");
        if (producerRc < 0) {
            throw new BpfException("munmap(producer page and data of " + name + ")", producerErrno, null);
        }
    }
}
