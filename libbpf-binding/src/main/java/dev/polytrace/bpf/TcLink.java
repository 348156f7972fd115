package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jnr.ffi.Pointer;

/**
 * A tc (clsact) filter attached through netlink. Unlike BPF links it outlives our process, so:
 * filters use our own handle and a priority from a reserved range (unless a package names its
 * own, as eunomia's tcopts do), each live filter has a record naming the owning pid (and the
 * handle) under /run/polytrace/tc, and filters whose owner died (a crash, SIGKILL) are removed
 * before the next attach on that interface.
 */
final class TcLink extends OwnedLink {
    static final int HANDLE = 0x7074; // "pt"
    static final int FIRST_PRIORITY = 0xC000;
    static final int PRIORITY_SLOTS = 64;
    private static final Path RECORDS = Path.of("/run/polytrace/tc");
    private static final int HOOK_SIZE = 24;
    private static final int OPTS_SIZE = 32;
    private static final int EEXIST = Errno.EEXIST;

    private final NetworkInterface iface;
    private final TcDirection direction;
    private final int handle;
    private final int priority;

    private TcLink(BpfObject owner, String description, NetworkInterface iface, TcDirection direction, int handle,
            int priority) {
        super(owner, description);
        this.iface = iface;
        this.direction = direction;
        this.handle = handle;
        this.priority = priority;
    }

    /** A filter with exactly this handle and priority; EEXIST when one is there already. */
    static BpfLink attach(BpfProgram program, NetworkInterface iface, TcDirection direction, int handle, int priority) {
        program.owner().requireOpen();
        removeStale(iface, direction);
        Pointer hook = createHook(iface, direction);
        int rc = Native.libbpf().bpf_tc_attach(hook, opts(program.fd(), handle, priority));
        String where = iface + " " + direction.name().toLowerCase();
        if (rc < 0) {
            throw new BpfException("bpf_tc_attach(" + program.name() + ", " + where + ", handle " + handle
                    + ", priority " + priority + ")", -rc, -rc == EEXIST ? "a filter with this handle and priority"
                    + " is already there" : null);
        }
        writeRecord(iface, direction, handle, priority);
        return program.owner().own(new TcLink(program.owner(), program.name() + " -> tc " + where + " (handle "
                + handle + ", priority " + priority + ")", iface, direction, handle, priority));
    }

    private static Pointer createHook(NetworkInterface iface, TcDirection direction) {
        Pointer hook = hook(iface, direction);
        int rc = Native.libbpf().bpf_tc_hook_create(hook);
        if (rc < 0 && -rc != EEXIST) {
            throw new BpfException("bpf_tc_hook_create(" + iface + ")", -rc, null);
        }
        return hook;
    }

    static BpfLink attach(BpfProgram program, NetworkInterface iface, TcDirection direction) {
        program.owner().requireOpen();
        removeStale(iface, direction);
        Pointer hook = createHook(iface, direction);
        for (int slot = 0; slot < PRIORITY_SLOTS; slot++) {
            int priority = FIRST_PRIORITY + slot;
            Pointer opts = opts(program.fd(), HANDLE, priority);
            int rc = Native.libbpf().bpf_tc_attach(hook, opts);
            if (rc == 0) {
                writeRecord(iface, direction, HANDLE, priority);
                String description = program.name() + " -> tc " + direction.name().toLowerCase() + " " + iface;
                return program.owner().own(new TcLink(program.owner(), description, iface, direction, HANDLE,
                        priority));
            }
            if (-rc != EEXIST) {
                throw new BpfException("bpf_tc_attach(" + program.name() + ", " + iface + " "
                        + direction.name().toLowerCase() + ")", -rc, null);
            }
        }
        throw new BpfException("bpf_tc_attach(" + program.name() + ", " + iface + ")", Errno.ENOSPC,
                "all " + PRIORITY_SLOTS + " polytrace tc priorities are in use on " + iface);
    }

    /** Removes our filters on this hook whose owning process is gone. */
    static void removeStale(NetworkInterface iface, TcDirection direction) {
        List<Path> records;
        try (var stream = Files.list(RECORDS)) {
            String prefix = iface.index() + "-" + direction.name().toLowerCase() + "-";
            records = stream.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        } catch (IOException e) {
            return; // no records yet
        }
        for (Path record : records) {
            try {
                String[] owner = Files.readString(record).strip().split("\\s+"); // "pid" or "pid handle"
                long pid = Long.parseLong(owner[0]);
                if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                String name = record.getFileName().toString();
                int priority = Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
                detach(iface, direction, owner.length > 1 ? Integer.parseUnsignedInt(owner[1]) : HANDLE, priority);
                Files.deleteIfExists(record);
            } catch (IOException | RuntimeException ignored) {
                // A record we cannot read is left for a human; it never blocks attaching.
            }
        }
    }

    private static int detach(NetworkInterface iface, TcDirection direction, int handle, int priority) {
        Pointer hook = hook(iface, direction);
        Pointer opts = opts(0, handle, priority);
        return Native.libbpf().bpf_tc_detach(hook, opts);
    }

    private static Pointer hook(NetworkInterface iface, TcDirection direction) {
        Pointer hook = Native.allocate(HOOK_SIZE);
        hook.putLong(0, HOOK_SIZE);
        hook.putInt(8, iface.index());
        hook.putInt(12, direction.attachPoint());
        return hook;
    }

    private static Pointer opts(int programFd, int handle, int priority) {
        Pointer opts = Native.allocate(OPTS_SIZE);
        opts.putLong(0, OPTS_SIZE);
        opts.putInt(8, programFd);
        opts.putInt(20, handle);
        opts.putInt(24, priority);
        return opts;
    }

    private static Path recordPath(NetworkInterface iface, TcDirection direction, int priority) {
        return RECORDS.resolve(iface.index() + "-" + direction.name().toLowerCase() + "-" + priority);
    }

    private static void writeRecord(NetworkInterface iface, TcDirection direction, int handle, int priority) {
        try {
            Files.createDirectories(RECORDS);
            Files.writeString(recordPath(iface, direction, priority), ProcessHandle.current().pid() + " "
                    + Integer.toUnsignedString(handle));
        } catch (IOException ignored) {
            // Without a record a crash leaves the filter until reboot; attaching still works.
        }
    }

    @Override
    void detach() {
        detach(iface, direction, handle, priority);
        try {
            Files.deleteIfExists(recordPath(iface, direction, priority));
        } catch (IOException ignored) {
            // The filter is gone; a leftover record is removed as stale later.
        }
    }
}
