// Filters shared by the bundled tracers. Each tracer defines its own `const volatile` params
// (with their `///` help) and passes them here, so a param's meaning is documented where it lives.
#ifndef POLYTRACE_BUNDLED_FILTERS_H
#define POLYTRACE_BUNDLED_FILTERS_H

#include "polytrace.h"

#define TASK_COMM_LEN 16

/* True when `want` is empty or equals the current task's comm. */
static __always_inline bool comm_allowed(const volatile char *want)
{
    return want[0] == '\0' || polytrace_comm_is(want);
}

/* True when `want` is 0 (no filter) or the current process (tgid) is `want`. */
static __always_inline bool pid_allowed(__u32 want)
{
    return want == 0 || (__u32)(bpf_get_current_pid_tgid() >> 32) == want;
}

/* True when `want` is negative (no filter) or the current real uid is `want`. */
static __always_inline bool uid_allowed(int want)
{
    return want < 0 || (__u32)bpf_get_current_uid_gid() == (__u32)want;
}

#endif
