// Test object for eunomia-bpf packages whose data sections have no BTF variables: the note
// text is a local initializer (clang puts it in .rodata, with an empty DATASEC) and the origin
// a string literal (.rodata.str1.1, with no DATASEC at all). libbpf still makes a map of each.
// Its record carries __int128 values, which ecli prints as decimal strings.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct note {
	__u32 pid;
	char text[40];
	char origin[16];
	__int128 below;
	unsigned __int128 above;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} notes SEC(".maps");

/// process whose getppid() calls are noted
__u32 target_tgid;

struct note *unused_note __attribute__((unused));

SEC("tp/syscalls/sys_enter_getppid")
int note_getppid(void *ctx)
{
	char text[40] = "getppid seen through a plain .rodata"; // 40 bytes: not a .rodata.cst* size
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct note *n;

	if (tgid != target_tgid)
		return 0;
	n = bpf_ringbuf_reserve(&notes, sizeof(*n), 0);
	if (!n)
		return 0;
	n->pid = tgid;
	__builtin_memcpy(n->text, text, sizeof(text));
	bpf_probe_read_kernel_str(n->origin, sizeof(n->origin), "a str1 literal");
	n->below = -((__int128)1 << 90);
	n->above = ((unsigned __int128)1 << 127) + tgid;
	bpf_ringbuf_submit(n, 0);
	return 0;
}
