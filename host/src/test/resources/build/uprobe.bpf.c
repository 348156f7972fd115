/* uprobe: readline() entries and results, with the BPF_UPROBE/BPF_URETPROBE of libbpf 1.2 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, u32);
	__type(value, u64);
} calls SEC(".maps");

SEC("uprobe")
int BPF_UPROBE(on_readline, const char *prompt)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	u64 one = prompt != 0;

	bpf_map_update_elem(&calls, &pid, &one, BPF_ANY);
	return 0;
}

SEC("uretprobe")
int BPF_URETPROBE(on_readline_return, const void *line)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;

	if (!line)
		bpf_map_delete_elem(&calls, &pid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
