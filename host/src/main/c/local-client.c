// polytrace's local client: hands `polytrace run|inspect ...` to a running `polytrace serve`
// over its Unix socket and plays the service's answer back as if the command ran here: stdout
// and stderr byte for byte, stdin when the command reads it, Ctrl-C and SIGTERM as a request to
// stop, the command's exit code as its own. Started by the launcher, which passes
//   local-client SOCKET LAUNCHER ARGS...
// When nothing answers on SOCKET it runs LAUNCHER ARGS... in this process instead, with
// POLYTRACE_STANDALONE=1 so that the launcher does not try the socket again.
//
// Frames, both ways: one type byte, a 4-byte big-endian length, the payload.
//   to the service:   'R' request (NUL-terminated fields: protocol, cwd, the locale's charset,
//                         then one per argument), 'I' stdin bytes (empty: end of input),
//                     'S' stop (first Ctrl-C, SIGTERM)
//   from the service: 'O' stdout bytes, 'E' stderr bytes, 'W' the command wants stdin,
//                     'X' exit code (4 bytes, big-endian), the last frame
// The service tears down whatever the command started when the connection closes, so a client
// killed outright (SIGKILL, a closed terminal) leaves nothing running.
#define _GNU_SOURCE
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define PROTOCOL "polytrace-local/1"
#define MAX_FRAME (1 << 20)

static void fail(const char *what)
{
    fprintf(stderr, "polytrace: local service: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* The service hung up: after the command started, or at once when it refused this user (then
   the request's write may meet the closed end, or the first read does, whichever comes first). */
static void closed_by_service(void)
{
    fprintf(stderr, "polytrace: the local service closed the connection before the command ended\n");
    exit(1);
}

/* Reads or writes all of len bytes, through EINTR and short counts; -1 on an error or the end of input. */
static int transfer_all(int fd, void *data, size_t len, int writing)
{
    char *p = data;
    while (len > 0) {
        ssize_t n = writing ? write(fd, p, len) : read(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int write_all(int fd, const void *data, size_t len)
{
    return transfer_all(fd, (void *)data, len, 1);
}

static int read_all(int fd, void *data, size_t len)
{
    return transfer_all(fd, data, len, 0);
}

static int send_frame(int sock, char type, const void *payload, uint32_t len)
{
    unsigned char header[5] = {(unsigned char)type, len >> 24, len >> 16, len >> 8, len};
    if (write_all(sock, header, sizeof(header)) < 0)
        return -1;
    return len == 0 ? 0 : write_all(sock, payload, len);
}

/*
 * The request: protocol, working directory, the charset a JVM started here would print in (the
 * locale's, found as the JVM finds it), then the arguments.
 */
static void send_request(int sock, int argc, char **argv)
{
    char cwd[4096];
    if (!getcwd(cwd, sizeof(cwd)))
        fail("getcwd");
    setlocale(LC_ALL, "");
    const char *fields[3] = {PROTOCOL, cwd, nl_langinfo(CODESET)};
    size_t len = 0;
    for (int i = 0; i < 3; i++)
        len += strlen(fields[i] ? fields[i] : "") + 1;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    if (len > MAX_FRAME) {
        fprintf(stderr, "polytrace: local service: arguments too long\n");
        exit(1);
    }
    char *request = malloc(len), *p = request;
    if (!request)
        fail("malloc");
    for (int i = 0; i < 3; i++)
        p = stpcpy(p, fields[i] ? fields[i] : "") + 1;
    for (int i = 0; i < argc; i++)
        p = stpcpy(p, argv[i]) + 1;
    if (send_frame(sock, 'R', request, (uint32_t)len) < 0) {
        if (errno == EPIPE || errno == ECONNRESET)
            closed_by_service();
        fail("send");
    }
    free(request);
}

static int connect_to(const char *path)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof(addr.sun_path))
        return -1;
    strcpy(addr.sun_path, path);
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0)
        fail("socket");
    if (connect(sock, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        close(sock);
        return -1;
    }
    return sock;
}

/* Ctrl-C and SIGTERM arrive through a signalfd, read in the same poll as the socket. */
static int signal_fd(void)
{
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
        fail("sigprocmask");
    int fd = signalfd(-1, &mask, SFD_CLOEXEC);
    if (fd < 0)
        fail("signalfd");
    return fd;
}

/* What a standalone run does on a second Ctrl-C; the service sees the connection close and tears down. */
static void forced_exit(void)
{
    static const char line[] = "polytrace: forced exit\n";
    write_all(2, line, sizeof(line) - 1);
    _exit(130);
}

static void on_signal(int sigfd, int sock, int *interrupts)
{
    struct signalfd_siginfo info;
    if (read(sigfd, &info, sizeof(info)) != sizeof(info))
        return;
    if (info.ssi_signo == SIGINT && ++*interrupts > 1)
        forced_exit();
    send_frame(sock, 'S', NULL, 0);
}

/* Forwards one read of stdin; returns 0 once its end has been sent. */
static int forward_stdin(int sock)
{
    char buffer[65536];
    ssize_t n = read(0, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR)
        return 1;
    if (n <= 0) {
        send_frame(sock, 'I', NULL, 0);
        return 0;
    }
    send_frame(sock, 'I', buffer, (uint32_t)n);
    return 1;
}

/* Plays one frame from the service; returns 1 when it was the exit code, stored in *code. */
static int on_frame(int sock, int *stdin_wanted, int *code)
{
    static char payload[MAX_FRAME];
    unsigned char header[5];
    if (read_all(sock, header, sizeof(header)) < 0)
        closed_by_service();
    uint32_t len = (uint32_t)header[1] << 24 | (uint32_t)header[2] << 16 | (uint32_t)header[3] << 8 | header[4];
    if (len > MAX_FRAME || read_all(sock, payload, len) < 0) {
        fprintf(stderr, "polytrace: the local service sent a malformed answer\n");
        exit(1);
    }
    switch (header[0]) {
    case 'O':
        write_all(1, payload, len); // a closed stdout is ignored, as a standalone run ignores it
        return 0;
    case 'E':
        write_all(2, payload, len);
        return 0;
    case 'W':
        *stdin_wanted = 1;
        return 0;
    case 'X':
        if (len != 4)
            return 0;
        *code = (int)((uint32_t)(unsigned char)payload[0] << 24 | (uint32_t)(unsigned char)payload[1] << 16
                      | (uint32_t)(unsigned char)payload[2] << 8 | (unsigned char)payload[3]);
        return 1;
    default:
        return 0;
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s SOCKET LAUNCHER [ARGS...]\n", argv[0]);
        return 2;
    }
    int sock = connect_to(argv[1]);
    if (sock < 0) {
        setenv("POLYTRACE_STANDALONE", "1", 1);
        execv(argv[2], argv + 2);
        fail(argv[2]);
    }
    signal(SIGPIPE, SIG_IGN);
    int sigfd = signal_fd();
    send_request(sock, argc - 3, argv + 3);
    int stdin_wanted = 0, interrupts = 0, code = 0;
    for (;;) {
        struct pollfd fds[3] = {{.fd = sock, .events = POLLIN}, {.fd = sigfd, .events = POLLIN},
                                {.fd = stdin_wanted ? 0 : -1, .events = POLLIN}};
        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            fail("poll");
        }
        if (fds[1].revents & POLLIN)
            on_signal(sigfd, sock, &interrupts);
        if (fds[2].revents & (POLLIN | POLLHUP | POLLERR))
            stdin_wanted = forward_stdin(sock);
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            if (on_frame(sock, &stdin_wanted, &code))
                return code;
        }
    }
}
