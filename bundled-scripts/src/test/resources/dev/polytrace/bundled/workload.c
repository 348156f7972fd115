/*
 * A user-space program with known functions for the profile and funclatency tests:
 *   workload burn    spins in polytrace_burn_cpu() until stdin closes
 *   workload timed   calls polytrace_timed_call() (about 2 ms each) until stdin closes
 *   workload kernel  makes getppid() system calls in polytrace_syscalls() until stdin closes
 * Built with frame pointers so that the kernel can walk its user stack.
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int stdin_closed(void)
{
    struct pollfd p = {.fd = 0, .events = POLLIN};
    char c;
    return poll(&p, 1, 0) > 0 && read(0, &c, 1) <= 0;
}

__attribute__((noinline)) unsigned long polytrace_burn_cpu(unsigned long rounds)
{
    volatile unsigned long x = 1;
    for (unsigned long i = 0; i < rounds; i++)
        x = x * 6364136223846793005UL + 1442695040888963407UL;
    return x;
}

__attribute__((noinline)) int polytrace_timed_call(void)
{
    struct timespec ts = {.tv_sec = 0, .tv_nsec = 2 * 1000 * 1000};
    return nanosleep(&ts, NULL);
}

__attribute__((noinline)) long polytrace_syscalls(int rounds)
{
    long sum = 0;
    for (int i = 0; i < rounds; i++)
        sum += syscall(SYS_getppid);
    return sum;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    printf("ready\n");
    fflush(stdout);
    while (!stdin_closed()) {
        if (strcmp(mode, "burn") == 0)
            polytrace_burn_cpu(20 * 1000 * 1000);
        else if (strcmp(mode, "kernel") == 0)
            polytrace_syscalls(100 * 1000);
        else
            polytrace_timed_call();
    }
    return 0;
}
