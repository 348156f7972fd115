# The handler benchmark's Python handler: reads the four fields bpftrace prints (pid, tid, ts,
# comm) and counts events by comm. on_exit returns the counts; the bench checks them against
# delivered.
by_comm = {}
last_ts = 0
ids = 0


def on_event(event, ctx):
    global last_ts, ids
    comm = event.comm
    ids += event.pid - event.tid
    last_ts = event.ts
    by_comm[comm] = by_comm.get(comm, 0) + 1


def on_exit(ctx):
    return by_comm
