/* local_header: the record type comes from a header found with -I */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "shared_event.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} out SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
	shared_event_t *e = bpf_ringbuf_reserve(&out, sizeof(shared_event_t), 0);

	if (!e)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(e->name, sizeof(e->name));
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
