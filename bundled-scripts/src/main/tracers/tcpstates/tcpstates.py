"""tcpstates: one line per TCP state change, with BCC's columns
SKADDR C-PID C-COMM LADDR LPORT RADDR RPORT OLDSTATE -> NEWSTATE MS.

MS is the time spent in OLDSTATE (0 when the socket was first seen in it). PID and COMM are the
task running at the change, which for state changes driven by incoming packets is whoever the
softirq interrupted.
"""

AF_INET = 2

# enum tcp_state: TCP_ESTABLISHED = 1 ... TCP_NEW_SYN_RECV = 12
STATES = {
    1: 'ESTABLISHED', 2: 'SYN_SENT', 3: 'SYN_RECV', 4: 'FIN_WAIT1', 5: 'FIN_WAIT2',
    6: 'TIME_WAIT', 7: 'CLOSE', 8: 'CLOSE_WAIT', 9: 'LAST_ACK', 10: 'LISTEN', 11: 'CLOSING',
    12: 'NEW_SYN_RECV', 13: 'BOUND_INACTIVE',
}


def address_bytes(words):
    """The address bytes in network order: four 32-bit words as stored (little-endian)."""
    out = []
    for w in words:
        out.extend([w & 0xff, (w >> 8) & 0xff, (w >> 16) & 0xff, (w >> 24) & 0xff])
    return out


def ipv4(words):
    return '.'.join(str(b) for b in address_bytes(words)[:4])


def ipv6(words):
    """RFC 5952 text: lower-case hex groups, the longest run of two or more zero groups as '::'."""
    b = address_bytes(words)
    groups = [(b[i] << 8) | b[i + 1] for i in range(0, 16, 2)]
    if groups[:5] == [0] * 5 and groups[5] == 0xffff:
        return '::ffff:' + '.'.join(str(x) for x in b[12:])
    best_start, best_len, i = -1, 1, 0
    while i < 8:
        j = i
        while j < 8 and groups[j] == 0:
            j += 1
        if j - i > best_len:
            best_start, best_len = i, j - i
        i = j if j > i else i + 1
    text = ['%x' % g for g in groups]
    if best_start < 0:
        return ':'.join(text)
    return ':'.join(text[:best_start]) + '::' + ':'.join(text[best_start + best_len:])


def on_event(event, ctx):
    v4 = event.family == AF_INET
    fmt = ipv4 if v4 else ipv6
    ctx.emit({
        'skaddr': '%x' % int(event.skaddr),
        'pid': event.pid,
        'comm': event.comm,
        'ip': 4 if v4 else 6,
        'laddr': fmt(list(event.saddr)),
        'lport': event.sport,
        'raddr': fmt(list(event.daddr)),
        'rport': event.dport,
        'oldstate': STATES.get(event.oldstate, str(event.oldstate)),
        'newstate': STATES.get(event.newstate, str(event.newstate)),
        'ms': round(event.delta_us / 1000.0, 3),
    })
