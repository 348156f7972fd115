/* absent: one program on a tracepoint every kernel has and one on a tracepoint none has, as
 * syncsnoop has sys_enter_sync_file_range2 for the architectures that have that syscall. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

/// the thread whose calls count
const volatile __u32 target_tid = 0;

__u64 calls = 0;

static __always_inline int count(void)
{
	if ((__u32)bpf_get_current_pid_tgid() == target_tid)
		__sync_fetch_and_add(&calls, 1);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
	return count();
}

SEC("tracepoint/syscalls/sys_enter_no_such_call")
int on_no_such_call(void *ctx)
{
	return count();
}
