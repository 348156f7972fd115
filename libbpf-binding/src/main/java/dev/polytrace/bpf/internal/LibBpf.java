package dev.polytrace.bpf.internal;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Delegate;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.NumberByReference;

/**
 * The libbpf 1.x C API as jnr-ffi sees it. Functions that return pointers return NULL and set
 * errno on failure; functions that return int return a negative errno. Only
 * {@code dev.polytrace.bpf} wraps these; nothing else may call them. errno is kept only for the
 * methods marked {@code @SaveError} ({@link Native} loads both interfaces with {@code IgnoreError}):
 * saving it costs on every call, and the int-returning calls give it in their result.
 */
public interface LibBpf {
    /** {@code libbpf_print_fn_t}; va_list is an array type on x86-64/arm64, so it arrives as a pointer. */
    interface PrintCallback {
        @Delegate
        int print(int level, Pointer format, Pointer vaList);
    }

    /** {@code bpf_iter} and other callbacks are not used; this is the only callback we register. */
    Pointer libbpf_set_print(PrintCallback callback);

    int libbpf_major_version();

    int libbpf_minor_version();

    String libbpf_version_string();

    int libbpf_num_possible_cpus();

    int libbpf_probe_bpf_prog_type(int progType, Pointer opts);

    int libbpf_probe_bpf_map_type(int mapType, Pointer opts);

    // --- objects -------------------------------------------------------------------------
    @SaveError
    Pointer bpf_object__open_mem(Pointer buffer, long size, Pointer opts);

    @SaveError
    Pointer bpf_object__open_file(String path, Pointer opts);

    int bpf_object__load(Pointer object);

    void bpf_object__close(Pointer object);

    String bpf_object__name(Pointer object);

    Pointer bpf_object__next_program(Pointer object, Pointer previous);

    Pointer bpf_object__next_map(Pointer object, Pointer previous);

    // --- programs ------------------------------------------------------------------------
    String bpf_program__name(Pointer program);

    String bpf_program__section_name(Pointer program);

    boolean bpf_program__autoload(Pointer program);

    int bpf_program__set_autoload(Pointer program, boolean autoload);

    int bpf_program__type(Pointer program);

    int bpf_program__expected_attach_type(Pointer program);

    int bpf_program__fd(Pointer program);

    @SaveError
    Pointer bpf_program__attach(Pointer program);

    @SaveError
    Pointer bpf_program__attach_tracepoint(Pointer program, String category, String name);

    @SaveError
    Pointer bpf_program__attach_raw_tracepoint(Pointer program, String name);

    @SaveError
    Pointer bpf_program__attach_trace(Pointer program);

    @SaveError
    Pointer bpf_program__attach_lsm(Pointer program);

    @SaveError
    Pointer bpf_program__attach_kprobe(Pointer program, boolean retprobe, String function);

    @SaveError
    Pointer bpf_program__attach_uprobe_opts(Pointer program, int pid, String binaryPath, long functionOffset,
            Pointer opts);

    @SaveError
    Pointer bpf_program__attach_usdt(Pointer program, int pid, String binaryPath, String provider, String name,
            Pointer opts);

    @SaveError
    Pointer bpf_program__attach_perf_event(Pointer program, int perfEventFd);

    @SaveError
    Pointer bpf_program__attach_xdp(Pointer program, int ifindex);

    @SaveError
    Pointer bpf_program__attach_cgroup(Pointer program, int cgroupFd);

    @SaveError
    Pointer bpf_program__attach_iter(Pointer program, Pointer opts);

    // --- links ---------------------------------------------------------------------------
    /** Returns the new link's fd, or a negative errno. */
    int bpf_link_create(int progFd, int targetFd, int attachType, Pointer opts);

    int bpf_link__fd(Pointer link);

    int bpf_link__destroy(Pointer link);

    int bpf_iter_create(int linkFd);

    // --- tc (netlink; not a BPF link) ----------------------------------------------------
    int bpf_tc_hook_create(Pointer hook);

    int bpf_tc_hook_destroy(Pointer hook);

    int bpf_tc_attach(Pointer hook, Pointer opts);

    int bpf_tc_detach(Pointer hook, Pointer opts);

    int bpf_tc_query(Pointer hook, Pointer opts);

    // --- maps (object level) -------------------------------------------------------------
    String bpf_map__name(Pointer map);

    int bpf_map__type(Pointer map);

    int bpf_map__fd(Pointer map);

    int bpf_map__key_size(Pointer map);

    int bpf_map__value_size(Pointer map);

    int bpf_map__max_entries(Pointer map);

    int bpf_map__map_flags(Pointer map);

    int bpf_map__set_max_entries(Pointer map, int maxEntries);

    int bpf_map__set_value_size(Pointer map, int valueSize);

    int bpf_map__btf_key_type_id(Pointer map);

    int bpf_map__btf_value_type_id(Pointer map);

    boolean bpf_map__is_internal(Pointer map);

    Pointer bpf_map__initial_value(Pointer map, NumberByReference size);

    // --- maps (fd level) -----------------------------------------------------------------
    int bpf_map_lookup_elem(int fd, Pointer key, Pointer value);

    int bpf_map_lookup_elem_flags(int fd, Pointer key, Pointer value, long flags);

    int bpf_map_update_elem(int fd, Pointer key, Pointer value, long flags);

    int bpf_map_delete_elem(int fd, Pointer key);

    int bpf_map_get_next_key(int fd, Pointer key, Pointer nextKey);

    int bpf_map_lookup_batch(int fd, Pointer inBatch, Pointer outBatch, Pointer keys, Pointer values,
            IntByReference count, Pointer opts);

    int bpf_map_lookup_and_delete_batch(int fd, Pointer inBatch, Pointer outBatch, Pointer keys, Pointer values,
            IntByReference count, Pointer opts);

    int bpf_map_lookup_and_delete_elem(int fd, Pointer key, Pointer value);

    int bpf_map_update_batch(int fd, Pointer keys, Pointer values, IntByReference count, Pointer opts);

    int bpf_map_delete_batch(int fd, Pointer keys, IntByReference count, Pointer opts);

    int bpf_obj_get_info_by_fd(int fd, Pointer info, IntByReference infoLength);

    int bpf_map_create(int mapType, String name, int keySize, int valueSize, int maxEntries, Pointer opts);

    int bpf_prog_get_next_id(int startId, IntByReference nextId);

    int bpf_map_get_next_id(int startId, IntByReference nextId);

    int bpf_link_get_next_id(int startId, IntByReference nextId);
}
