// Test object for records shorter than their type: two event types whose records carry only the
// used part of a trailing array, as libbpf-tools' execsnoop submits EVENT_SIZE(e) bytes. Only
// parsed by the tests (never loaded).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define ARGS_LEN 32
#define MAX_VALUES 8

struct exec_event {
	__u32 pid;
	__u32 args_size;
	char comm[16];
	char args[ARGS_LEN]; /* records end after args_size bytes of it */
};

struct sample_event {
	__u32 pid;
	__u32 count;
	__s32 values[MAX_VALUES]; /* records end after count of them */
};

/* A ring buffer names no value type: these globals put the types in the object's BTF. */
struct exec_event exec_event_type = {};
struct sample_event sample_event_type = {};
