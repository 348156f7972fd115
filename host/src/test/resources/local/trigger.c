// A process the local-service tests trace: on "g N" it calls getppid() N times, on "p N" getpid()
// N times, on "e N" it runs /bin/true N times, one after the other; then it prints "ok".
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    char op;
    int n;
    setvbuf(stdout, NULL, _IONBF, 0);
    while (scanf(" %c %d", &op, &n) == 2) {
        for (int i = 0; i < n; i++) {
            if (op == 'g')
                syscall(SYS_getppid);
            else if (op == 'p')
                syscall(SYS_getpid);
            else if (op == 'e') {
                pid_t child = fork();
                if (child == 0) {
                    execl("/bin/true", "true", (char *)NULL);
                    _exit(127);
                }
                waitpid(child, NULL, 0);
            }
        }
        printf("ok\n");
    }
    return 0;
}
