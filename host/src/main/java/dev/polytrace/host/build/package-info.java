/**
 * {@code polytrace build}: from a {@code .bpf.c} source to a {@code NAME.tracer.json} package.
 * {@link dev.polytrace.host.build.TracerBuilder#build} is the entry point; the CLI, the Maven
 * build of the bundled tracers and tests all go through it.
 *
 * <h2>Annotations</h2>
 * A {@code ///} comment (exactly three slashes, alone on its line) documents the declaration
 * directly below it; consecutive {@code ///} lines form one block, a blank line ends it. Free text
 * in the block is a param's help (lines joined with spaces). Tags, one per line; a JSON argument may
 * continue on the next {@code ///} lines until its braces balance; unknown JSON fields are errors:
 * <ul>
 * <li>{@code /// @event struct event} above a ring buffer or perf event array map (in the source
 * or a header of the user's): the record type; needed only when it cannot be inferred from the
 * helper calls, and wins over inference; {@code --event MAP=TYPE} wins over both, for sources
 * built unchanged;
 * <li>{@code /// @sample {"interval": 1000, "type": "log2_hist", "unit": "usecs", "clear_map": true}}
 * above a map: print it every interval. As in eunomia-bpf: {@code type} "log2_hist",
 * "linear_hist" (with {@code "step"}, default 1) or "default_kv" (the default; a "table" in the
 * package), {@code unit} "(unit)", {@code clear_map} false; {@code interval} defaults to 1000 ms;
 * <li>{@code /// @hidden} above a map or a {@code .bss}/{@code .data} global: not printed when a
 * run ends (every other map with contents, and every other non-zero global, is), for the
 * tracer's own bookkeeping such as a {@code start} timestamp per thread; a hidden global is no
 * param;
 * <li>{@code /// @attach {"iface": "lo", "direction": "ingress", "binary": "/bin/bash",
 * "symbol": "readline", "offset": 0, "pid": -1, "retprobe": false, "cgroup": "/sys/fs/cgroup",
 * "frequency": 49, "tracepoint": "sched:sched_switch"}} above a program: its run-time target;
 * <li>{@code /// @options {"interval": 500, "handler_timeout_ms": 200, "on_handler_error": "stop",
 * "perf_buffer_pages": 64, "poll_timeout_ms": 100}} anywhere, once: how the handler runs.
 * </ul>
 *
 * <h2>What else is derived</h2>
 * <ul>
 * <li>params: every {@code .rodata} variable, and {@code .data}/{@code .bss} variables that have
 * a {@code ///} comment, of a type a command line can set; see {@link dev.polytrace.host.build.GlobalParams};
 * <li>event streams: every ring buffer / perf event array map of the source and the user's headers
 * it includes ({@link dev.polytrace.host.build.SourceTree}) with its record type, read from the
 * calls that write it, directly or through the source's own helper functions and macros
 * ({@link dev.polytrace.host.build.StreamWrappers}), and kept in BTF by
 * {@link dev.polytrace.host.build.EventTypeAnchors};
 * <li>programs: the object's functions in executable sections other than {@code .text};
 * <li>description: the first line of the comment block the file starts with, skipping SPDX and
 * copyright lines;
 * <li>object: clang's output with its DWARF stripped ({@code .BTF} and {@code .BTF.ext} are kept);
 * <li>vmlinux.h: generated from {@code /sys/kernel/btf/vmlinux} when the source includes it and
 * no include directory has one, with the kernel's kfuncs declared as bpftool 7.4+ does
 * ({@link dev.polytrace.host.build.KfuncPrototypes}), cached per kernel in
 * {@code $XDG_CACHE_HOME/polytrace/vmlinux};
 * <li>newer libbpf macros: what the installed libbpf headers lack of the ones sources commonly use
 * ({@code BPF_UPROBE}, {@code BPF_URETPROBE}, {@code bpf_ksym_exists}) is defined in a prelude
 * ({@link dev.polytrace.host.build.LibbpfHeaders}).
 * </ul>
 * {@code -D NAME[=VALUE]} macros go to clang as given.
 */
package dev.polytrace.host.build;
