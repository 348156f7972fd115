// Test object with every kind of data section libbpf turns into a map of its own: .data,
// .rodata, .bss, their named variants, string literals in .rodata.str1.1 (no BTF variables)
// and a Kconfig extern (.kconfig). Only opened, never loaded.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

extern int LINUX_KERNEL_VERSION __kconfig;

int hits = 1;                           // .data
int total;                              // .bss
int tagged SEC(".data.tagged") = 2;     // .data.tagged
int scratch SEC(".bss.scratch");        // .bss.scratch
const volatile int limit = 3;           // .rodata

SEC("tp/syscalls/sys_enter_getppid")
int count_calls(void *ctx)
{
	// A literal handed straight to the helper lands in .rodata.str1.1, with no BTF variable.
	bpf_trace_printk("limit %d\n", sizeof("limit %d\n"), limit);
	hits++;
	total += LINUX_KERNEL_VERSION > 0;
	tagged++;
	scratch++;
	return 0;
}
