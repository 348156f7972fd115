/* perf_helper: records reach bpf_perf_event_output through a helper taking the data as a parameter */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct sample {
	unsigned int pid;
	unsigned int cpu;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} samples SEC(".maps");

static __always_inline void emit(void *ctx, void *data, __u32 size)
{
	bpf_perf_event_output(ctx, &samples, BPF_F_CURRENT_CPU, data, size);
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
	struct sample s = {};

	s.pid = bpf_get_current_pid_tgid() >> 32;
	s.cpu = bpf_get_smp_processor_id();
	emit(ctx, &s, sizeof(s));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
