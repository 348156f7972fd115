"""sigsnoop: one line per generated signal, with BCC's columns PID COMM SIG TPID RESULT.

PID and COMM are the sender (the task running when the signal was generated: the kill() caller,
or the task that faulted), TPID and TCOMM the target. SIG is the signal's name; RESULT says
whether it was delivered, ignored, already pending, or dropped.
"""

SIGNALS = {
    1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 5: 'SIGTRAP', 6: 'SIGABRT', 7: 'SIGBUS',
    8: 'SIGFPE', 9: 'SIGKILL', 10: 'SIGUSR1', 11: 'SIGSEGV', 12: 'SIGUSR2', 13: 'SIGPIPE',
    14: 'SIGALRM', 15: 'SIGTERM', 16: 'SIGSTKFLT', 17: 'SIGCHLD', 18: 'SIGCONT', 19: 'SIGSTOP',
    20: 'SIGTSTP', 21: 'SIGTTIN', 22: 'SIGTTOU', 23: 'SIGURG', 24: 'SIGXCPU', 25: 'SIGXFSZ',
    26: 'SIGVTALRM', 27: 'SIGPROF', 28: 'SIGWINCH', 29: 'SIGIO', 30: 'SIGPWR', 31: 'SIGSYS',
}

# enum trace_signal_result (include/trace/events/signal.h)
RESULTS = {0: 'delivered', 1: 'ignored', 2: 'already pending', 3: 'overflow', 4: 'lost info'}


def signal_name(sig):
    if sig in SIGNALS:
        return SIGNALS[sig]
    if 34 <= sig <= 64:
        return 'SIGRTMIN+%d' % (sig - 34)
    return str(sig)


def on_event(event, ctx):
    ctx.emit({
        'pid': event.pid,
        'comm': event.comm,
        'sig': signal_name(event.sig),
        'tpid': event.tpid,
        'tcomm': event.tcomm,
        'result': RESULTS.get(event.result, str(event.result)),
    })
