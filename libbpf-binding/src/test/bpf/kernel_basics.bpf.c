// Test programs for the kernel tests: one per attach type, each counting what it saw so a test
// can prove the kernel side really ran, plus maps of every type the binding reads and writes.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

char LICENSE[] SEC("license") = "GPL";

struct event {
    __u64 seq;
    __u32 pid;
    __u32 value;
    char comm[16];
};

/// the process whose getppid() calls are traced (0 = all)
const volatile __u32 target_tgid = 0;
/// and within it the thread (0 = all): other JVM threads may make the same calls
const volatile __u32 target_tid = 0;
/// multiplied into every event's value: proves .rodata reaches the program
const volatile __u32 multiplier = 1;
const volatile bool emit_events = true;

__u64 seq = 0;          // .bss: read by tests while the program runs
__u32 value_base = 7;   // .data: written by tests while the program runs

__u64 counts[16] = {};  // one slot per attach type, indexed by the constants below
__u64 perf_by_cpu[64] = {}; // perf_event samples per CPU
#define C_TRACEPOINT 0
#define C_RAW_TP 1
#define C_TP_BTF 2
#define C_UPROBE 3
#define C_PERF 4
#define C_XDP 5
#define C_TC 6
#define C_CGROUP 7
#define C_USDT 8
#define C_URETPROBE 9

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 256 * 1024);
} events SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
    __uint(key_size, sizeof(__u32));
    __uint(value_size, sizeof(__u32));
} perf_events SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1024);
    __type(key, __u32);
    __type(value, __u64);
} hash_map SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 8);
    __type(key, __u32);
    __type(value, __u64);
} array_map SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 4);
    __type(key, __u32);
    __type(value, __u32);
} percpu_array SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(max_entries, 64);
    __type(key, __u32);
    __type(value, __u64);
} percpu_hash SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 4);
    __type(key, __u32);
    __type(value, __u64);
} lru_map SEC(".maps");

struct event *unused_event __attribute__((unused));

static __always_inline void count(int slot)
{
    __sync_fetch_and_add(&counts[slot], 1);
}

static __always_inline bool is_target(void)
{
    __u64 id = bpf_get_current_pid_tgid();
    __u32 tgid = id >> 32, tid = (__u32)id;
    return (target_tgid == 0 || tgid == target_tgid) && (target_tid == 0 || tid == target_tid);
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
    if (!is_target())
        return 0;
    count(C_TRACEPOINT);
    __u64 n = __sync_fetch_and_add(&seq, 1);
    __u32 key = (__u32)(bpf_get_current_pid_tgid() >> 32);
    __u64 one = 1, *old = bpf_map_lookup_elem(&hash_map, &key);
    if (old)
        __sync_fetch_and_add(old, 1);
    else
        bpf_map_update_elem(&hash_map, &key, &one, BPF_ANY);
    if (!emit_events)
        return 0;
    struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
    if (!e)
        return 0;
    e->seq = n;
    e->pid = key;
    e->value = value_base * multiplier;
    bpf_get_current_comm(e->comm, sizeof(e->comm));
    bpf_ringbuf_submit(e, 0);
    struct event pe = {.seq = n, .pid = key, .value = value_base * multiplier};
    bpf_get_current_comm(pe.comm, sizeof(pe.comm));
    bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU, &pe, sizeof(pe));
    return 0;
}

SEC("raw_tp/sys_enter")
int on_raw_sys_enter(void *ctx)
{
    if (is_target())
        count(C_RAW_TP);
    return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(on_sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
    if (target_tid && prev->pid != target_tid)
        return 0;
    count(C_TP_BTF);
    return 0;
}

SEC("uprobe")
int on_uprobe(struct pt_regs *ctx)
{
    if (is_target())
        count(C_UPROBE);
    return 0;
}

SEC("uretprobe")
int on_uretprobe(struct pt_regs *ctx)
{
    if (is_target())
        count(C_URETPROBE);
    return 0;
}

SEC("usdt")
int BPF_USDT(on_usdt)
{
    count(C_USDT);
    return 0;
}

SEC("perf_event")
int on_perf_event(struct bpf_perf_event_data *ctx)
{
    count(C_PERF);
    __sync_fetch_and_add(&perf_by_cpu[bpf_get_smp_processor_id() & 63], 1);
    return 0;
}

SEC("xdp")
int on_xdp(struct xdp_md *ctx)
{
    count(C_XDP);
    return XDP_PASS;
}

SEC("tc")
int on_tc(struct __sk_buff *skb)
{
    count(C_TC);
    return 0; // TC_ACT_OK
}

SEC("cgroup_skb/ingress")
int on_cgroup_ingress(struct __sk_buff *skb)
{
    count(C_CGROUP);
    return 1; // allow
}

SEC("iter/task")
int dump_tasks(struct bpf_iter__task *ctx)
{
    struct seq_file *seq = ctx->meta->seq;
    struct task_struct *task = ctx->task;
    if (!task)
        return 0;
    if (task->tgid == task->pid)
        BPF_SEQ_PRINTF(seq, "%d %s\n", task->tgid, task->comm);
    return 0;
}

// Hooks this test kernel refuses (fentry, LSM) or lacks (kprobes): their tests skip with the probed reason.
#define C_FENTRY 10
#define C_LSM 11
#define C_KPROBE 12

SEC("fentry/do_nanosleep")
int BPF_PROG(on_fentry_nanosleep)
{
    if (is_target())
        count(C_FENTRY);
    return 0;
}

SEC("lsm/file_open")
int BPF_PROG(on_lsm_file_open, struct file *file)
{
    if (is_target())
        count(C_LSM);
    return 0;
}

SEC("kprobe/do_nanosleep")
int on_kprobe_nanosleep(struct pt_regs *ctx)
{
    if (is_target())
        count(C_KPROBE);
    return 0;
}
