// SPDX-License-Identifier: GPL-2.0
// Test object for the pure-Java BTF parser: its globals make clang emit every BTF kind it can.
// Nothing here is meant to be loaded for real; the single program only keeps the object valid.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

/* Signed, unsigned and wide enums; the values are asserted by BtfObjectTest. */
enum run_state { RUN_IDLE = 0, RUN_RUNNING = 1, RUN_DONE = 7 };
enum signed_state { SIGNED_NEGATIVE = -3, SIGNED_ZERO = 0, SIGNED_POSITIVE = 5 };
enum wide_state { WIDE_SMALL = 1, WIDE_BIG = 0x123456789ULL };

typedef unsigned int my_u32;
typedef my_u32 my_u32_alias;
typedef const volatile int my_cv_int;

struct inner {
	short s;
	long long ll;
};

union either {
	unsigned int as_int;
	float as_float;
	unsigned char bytes[4];
};

struct flags {
	unsigned int low : 3;
	unsigned int mid : 5;
	int negative : 4;
	unsigned char after;
	enum run_state st : 8;
};

/* Decl tags annotate the struct, one member and a variable (clang >= 14). */
struct tagged {
	int value __attribute__((btf_decl_tag("member_tag")));
} __attribute__((btf_decl_tag("struct_tag")));

struct event {
	unsigned int pid;
	int tid;
	char comm[16];
	struct inner nested;
	union either u;
	int matrix[2][3];
	struct flags bits;
	struct event *next;
	const char *label;
	my_u32_alias alias;
	enum run_state state;
	bool ok;
	double ratio;
	void (*callback)(int, const char *);
	struct {
		int x, y;
	} point;
	union {
		int anon_int;
		unsigned short anon_short;
	};
};

/* Only declared, never defined: clang emits FWD for them. */
struct opaque;
union opaque_union;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

/* .rodata: configuration a loader rewrites before load. */
const volatile int min_duration_ms = 5;
const volatile bool verbose = true;
const volatile char comm_filter[16] = "bash";
const volatile unsigned long long threshold_ns = 1000000;

/* .data: initialised globals, one of every integer width and signedness. */
signed char data_s8 = -8;
unsigned char data_u8 = 8;
short data_s16 = -16;
unsigned short data_u16 = 16;
int data_s32 = -32;
unsigned int data_u32 = 32;
long long data_s64 = -64;
unsigned long long data_u64 = 64;
char data_char = 'c';
float data_float = 1.5f;
enum signed_state data_signed_state = SIGNED_NEGATIVE;
enum wide_state data_wide_state = WIDE_BIG;

/* .bss: zero-initialised globals of the composite types. */
struct event last_event;
union either last_either;
struct tagged tagged_value __attribute__((btf_decl_tag("var_tag")));
enum run_state current_state;
my_u32 counter;
my_cv_int cv_value;
int *volatile const *qualified_ptr_chain;
int *restrict restrict_ptr;
int __attribute__((btf_type_tag("user"))) *user_ptr;
struct opaque *opaque_ptr;
union opaque_union *opaque_union_ptr;
__int128 wide_int;
static int static_counter;

/* .kconfig: an extern the loader fills in; BTF records it with extern linkage. */
extern unsigned int LINUX_KERNEL_VERSION __kconfig;

static __attribute__((noinline)) int twice(int x)
{
	return x * 2;
}

/* A non-static helper keeps a FUNC with parameters (and a decl tag) in BTF. */
__attribute__((noinline)) int add_pid(struct event *e __attribute__((btf_decl_tag("param_tag"))), int delta)
{
	return e ? (int)e->pid + delta : delta;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int handle_getppid(void *ctx)
{
	counter += add_pid(&last_event, min_duration_ms) + twice(static_counter++);
	counter += LINUX_KERNEL_VERSION;
	return 0;
}
