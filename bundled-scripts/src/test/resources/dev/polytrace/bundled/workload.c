/*
 * A user-space program with known functions and known system calls for the tracer tests.
 * It prints "ready" once started. Looping modes run until stdin closes:
 *   workload burn           spins in polytrace_burn_cpu()
 *   workload kernel         makes getppid() system calls in polytrace_syscalls()
 *   workload sleep          sleeps 1 ms at a time (each sleep ends with a wake-up)
 * Counted modes then block in read() until the test writes a line ("go"), do their part, print
 * "done ..." and block in read() again until stdin closes:
 *   workload getppid N      N getppid() calls; with the "go" read and the "done" write, exactly
 *                           N + 2 system calls return between "go" and the close of stdin
 *   workload timed N        N calls of polytrace_timed_call(), each timed here with
 *                           CLOCK_MONOTONIC around the call: "done COUNT MAX_NS TOTAL_NS"
 * And one that just sends:
 *   workload udp ADDR N     sends N datagrams of "polytrace" (9 bytes) to ADDR port 9, exits
 * Built with frame pointers so that the kernel can walk its user stack.
 */
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int stdin_closed(void)
{
    struct pollfd p = {.fd = 0, .events = POLLIN};
    char c;
    return poll(&p, 1, 0) > 0 && read(0, &c, 1) <= 0;
}

/* Blocks in one read() for the test's "go" line (the line is short: one read returns it). */
static void await_go(void)
{
    char line[16];
    if (read(0, line, sizeof(line)) <= 0)
        exit(2);
}

/* Blocks in read() until stdin closes. */
static void await_close(void)
{
    char c;
    while (read(0, &c, 1) > 0)
        ;
}

/* One write() of the whole line: no stdio buffering decides how many system calls it takes. */
static void say(const char *line)
{
    size_t n = strlen(line);
    if (write(1, line, n) != (ssize_t)n)
        exit(3);
}

static long long monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
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

__attribute__((noinline)) long polytrace_syscalls(long rounds)
{
    long sum = 0;
    for (long i = 0; i < rounds; i++)
        sum += syscall(SYS_getppid);
    return sum;
}

static void timed_calls(long calls)
{
    long long max = 0, total = 0;
    for (long i = 0; i < calls; i++) {
        long long start = monotonic_ns();
        polytrace_timed_call();
        long long took = monotonic_ns() - start;
        total += took;
        if (took > max)
            max = took;
    }
    char line[96];
    snprintf(line, sizeof(line), "done %ld %lld %lld\n", calls, max, total);
    say(line);
}

static int send_datagrams(const char *address, long count)
{
    struct addrinfo hints = {.ai_socktype = SOCK_DGRAM, .ai_flags = AI_NUMERICHOST}, *to;
    if (getaddrinfo(address, "9", &hints, &to) != 0) {
        fprintf(stderr, "not a numeric address: %s\n", address);
        return 1;
    }
    int fd = socket(to->ai_family, SOCK_DGRAM, 0);
    if (fd < 0) {
        perror("socket");
        return 1;
    }
    for (long i = 0; i < count; i++) {
        if (sendto(fd, "polytrace", 9, 0, to->ai_addr, to->ai_addrlen) != 9) {
            perror("sendto");
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    long n = argc > 2 ? atol(argv[argc - 1]) : 0;
    if (strcmp(mode, "udp") == 0)
        return argc == 4 ? send_datagrams(argv[2], n) : 1;
    say("ready\n");
    if (strcmp(mode, "getppid") == 0 || strcmp(mode, "timed") == 0) {
        await_go();
        if (strcmp(mode, "getppid") == 0) {
            polytrace_syscalls(n);
            say("done\n");
        } else {
            timed_calls(n);
        }
        await_close();
        return 0;
    }
    struct timespec ms = {.tv_sec = 0, .tv_nsec = 1000 * 1000};
    while (!stdin_closed()) {
        if (strcmp(mode, "burn") == 0)
            polytrace_burn_cpu(20 * 1000 * 1000);
        else if (strcmp(mode, "kernel") == 0)
            polytrace_syscalls(100 * 1000);
        else if (strcmp(mode, "sleep") == 0)
            nanosleep(&ms, NULL);
        else
            return 1;
    }
    return 0;
}
