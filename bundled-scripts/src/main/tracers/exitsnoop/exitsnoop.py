"""exitsnoop: one line per process exit, with BCC's columns PCOMM PID PPID TID AGE(s) EXIT_CODE.

EXIT_CODE reads as BCC prints it: "0", "code 3", or "signal 9 (KILL)" (", core dumped" when
the process dumped core). AGE_S is the process lifetime in seconds.
"""

SIGNALS = {
    1: 'HUP', 2: 'INT', 3: 'QUIT', 4: 'ILL', 5: 'TRAP', 6: 'ABRT', 7: 'BUS', 8: 'FPE', 9: 'KILL',
    10: 'USR1', 11: 'SEGV', 12: 'USR2', 13: 'PIPE', 14: 'ALRM', 15: 'TERM', 16: 'STKFLT', 17: 'CHLD',
    18: 'CONT', 19: 'STOP', 20: 'TSTP', 21: 'TTIN', 22: 'TTOU', 23: 'URG', 24: 'XCPU', 25: 'XFSZ',
    26: 'VTALRM', 27: 'PROF', 28: 'WINCH', 29: 'IO', 30: 'PWR', 31: 'SYS',
}


def signal_name(sig):
    if sig in SIGNALS:
        return SIGNALS[sig]
    if 34 <= sig <= 64:
        return 'RTMIN+%d' % (sig - 34)
    return str(sig)


def describe(status):
    """The wait(2) status as words: the exit code, or the terminating signal."""
    sig = status & 0x7f
    if sig:
        text = 'signal %d (%s)' % (sig, signal_name(sig))
        return text + ', core dumped' if status & 0x80 else text
    code = (status >> 8) & 0xff
    return 'code %d' % code if code else '0'


def on_event(event, ctx):
    ctx.emit({
        'pcomm': event.comm,
        'pid': event.pid,
        'ppid': event.ppid,
        'tid': event.tid,
        'age_s': round(event.age_ns / 1e9, 2),
        'exit_code': describe(event.exit_code),
    })
