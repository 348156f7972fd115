// SPDX-License-Identifier: GPL-2.0
/*
 * polytrace benchmark producer.
 *
 * Fires on every getppid() entry made by a process whose comm is exactly
 * "ptbench_work" and writes `records_per_call` 64-byte records into the
 * ring buffer `events`. Reservation failures are counted in `drops`,
 * successful submissions in `produced` (both in .bss, read by the consumer
 * after the workload has exited).
 *
 * Filter: comm == "ptbench_work", and, if `target_tgid` is non-zero, also
 * tgid == target_tgid. The comm check alone works for every consumer
 * unchanged (C, Java, bpftrace, ...), since all of them start the workload
 * after the program is attached, when .rodata can no longer be written. It
 * also matches any *other* ptbench_work on the machine, e.g. a second
 * benchmark run, so a consumer that can learn the workload's pid before it
 * attaches (fork, hold the child, load, attach, then let the child exec)
 * should set `target_tgid`: as the initial value before load, or with one
 * map update before attach. It lives alone in the writable section
 * ".data.target" (its own single-element array map), so such an update does
 * not race the counters in .bss.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct bench_event {
	__u64 seq;      /* global sequence number, from 0 */
	__u32 pid;      /* tgid of the workload */
	__u32 tid;      /* thread id */
	__u64 ts;       /* bpf_ktime_get_ns() */
	char comm[16];
	__u64 pad[3];
};

_Static_assert(sizeof(struct bench_event) == 64, "bench_event must be 64 bytes");

/* Keeps struct bench_event in the object's BTF for consumers that decode by type. */
struct bench_event *unused_bench_event __attribute__((unused));

/* Set by the consumer before load. 1 = one record per syscall, >1 uses bpf_loop. */
const volatile __u32 records_per_call = 1;

/* 0 = any process named ptbench_work; otherwise only this tgid. */
__u32 target_tgid SEC(".data.target") = 0;

__u64 next_seq = 0;
__u64 produced = 0;
__u64 drops = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 * 1024 * 1024);
} events SEC(".maps");

union comm16 {
	char c[16];
	__u64 q[2];
};

/* "ptbench_work" zero-padded to 16 bytes, as two little-endian words. */
#define LE8(a, b, c, d, e, f, g, h)                                        \
	((__u64)(a) | (__u64)(b) << 8 | (__u64)(c) << 16 | (__u64)(d) << 24 | \
	 (__u64)(e) << 32 | (__u64)(f) << 40 | (__u64)(g) << 48 | (__u64)(h) << 56)
#define WANT_Q0 LE8('p', 't', 'b', 'e', 'n', 'c', 'h', '_')
#define WANT_Q1 LE8('w', 'o', 'r', 'k', 0, 0, 0, 0)

struct emit_ctx {
	union comm16 comm;
	__u64 pid_tgid;
};

static __always_inline void emit_one(struct emit_ctx *ec)
{
	struct bench_event *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&drops, 1);
		return;
	}
	e->seq = __sync_fetch_and_add(&next_seq, 1);
	e->pid = ec->pid_tgid >> 32;
	e->tid = (__u32)ec->pid_tgid;
	e->ts = bpf_ktime_get_ns();
	__builtin_memcpy(e->comm, ec->comm.c, sizeof(e->comm));
	e->pad[0] = 0;
	e->pad[1] = 0;
	e->pad[2] = 0;
	bpf_ringbuf_submit(e, 0);
	__sync_fetch_and_add(&produced, 1);
}

static long emit_loop_cb(__u32 index, void *data)
{
	emit_one(data);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int ptbench_getppid(void *ctx)
{
	struct emit_ctx ec = {};

	ec.pid_tgid = bpf_get_current_pid_tgid();
	if (target_tgid && (__u32)(ec.pid_tgid >> 32) != target_tgid)
		return 0;
	bpf_get_current_comm(ec.comm.c, sizeof(ec.comm.c));
	if (ec.comm.q[0] != WANT_Q0 || ec.comm.q[1] != WANT_Q1)
		return 0;

	if (records_per_call <= 1)
		emit_one(&ec);
	else
		bpf_loop(records_per_call, emit_loop_cb, &ec, 0);
	return 0;
}
