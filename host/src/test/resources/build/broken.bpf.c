/* broken: does not compile */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tracepoint/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
	int x = 1
	return x;
}

static int helper(void)
{
	return undeclared_thing;
}

char LICENSE[] SEC("license") = "GPL";
