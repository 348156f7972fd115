/* defines: a source that only builds with -D THRESHOLD=N, as a Makefile's CFLAGS would give it */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#ifndef THRESHOLD
#error "build with -D THRESHOLD=N"
#endif

/// calls above this are reported
const volatile unsigned int threshold = THRESHOLD;

SEC("tracepoint/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
	return threshold > 0;
}

char LICENSE[] SEC("license") = "GPL";
