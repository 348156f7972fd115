/* params: one global of every param type */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

enum mode {
	MODE_OFF = 0,
	MODE_FAST = 1,
	MODE_SLOW = 2,
};

/// smallest delta to report,
/// in microseconds
const volatile int min_delta = -5;

/// stop after this many nanoseconds
const volatile unsigned long long max_ns = 18446744073709551615ULL;

const volatile short offset = -2;

const volatile unsigned char level = 200;

/// print more
const volatile bool verbose = true;

/// only this command
const volatile char comm[16] = "bash";

/// how to run
const volatile enum mode run_mode = MODE_SLOW;

/// not settable from a command line: a struct
const volatile struct { int a; } layout = { 1 };

/// events seen so far
__u64 seen = 0;

__u64 scratch = 0;

/// starts at seven
int budget = 7;

SEC("tracepoint/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
	if (!verbose || run_mode == MODE_OFF || comm[0] == 0 || level + offset + min_delta + layout.a > max_ns)
		return 0;
	__sync_fetch_and_add(&seen, 1);
	scratch = budget;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
