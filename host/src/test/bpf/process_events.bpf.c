// Test object for the process fields the host reads to filter events and name their container:
// one type with all of them (pid, uid, comm, cgroup_id), one with a pid only. Only parsed by the
// tests (never loaded).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct process_event {
	__u32 pid;
	__u32 uid;
	char comm[16];
	__u64 cgroup_id;
};

struct pid_only {
	__u32 pid;
	__u32 value;
};

/* A ring buffer names no value type: these globals put the types in the object's BTF. */
struct process_event process_event_type = {};
struct pid_only pid_only_type = {};
