/* ucalls: a uprobe and a uretprobe whose sections name a function but no binary, as libbpf-tools'
 * bashreadline has "uretprobe/readline" for its C code to attach in the bash it finds. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

/// the thread whose calls count
const volatile __u32 target_tid = 0;

__u64 entered = 0;
__u64 returned = 0;

static __always_inline bool targeted(void)
{
	return (__u32)bpf_get_current_pid_tgid() == target_tid;
}

SEC("uprobe/getppid")
int on_entry(void *ctx)
{
	if (targeted())
		__sync_fetch_and_add(&entered, 1);
	return 0;
}

SEC("uretprobe/getppid")
int on_return(void *ctx)
{
	if (targeted())
		__sync_fetch_and_add(&returned, 1);
	return 0;
}
