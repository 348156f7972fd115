package dev.polytrace.host.filter;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.testing.TestObjects;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** process_events.bpf.o's types, and records of them. */
final class EventStructs {
    private static final Btf BTF = Btf.fromElf(ElfFile.parse(TestObjects.bytes("process_events"), "process_events.bpf.o"));

    private EventStructs() {
    }

    /** {@code pid}, {@code uid}, {@code comm[16]}, {@code cgroup_id}. */
    static BtfStruct processEvent() {
        return BTF.byName("process_event", BtfStruct.class).orElseThrow();
    }

    /** {@code pid}, {@code value}. */
    static BtfStruct pidOnlyEvent() {
        return BTF.byName("pid_only", BtfStruct.class).orElseThrow();
    }

    static ByteBuffer record(int pid, int uid, String comm, long cgroupId) {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(pid).putInt(uid).put(comm.getBytes(StandardCharsets.US_ASCII));
        b.position(24);
        b.putLong(cgroupId);
        return b.flip();
    }
}
