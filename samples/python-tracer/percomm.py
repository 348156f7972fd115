# percomm.py: counts getppid() calls per command name in a plain dict.
# Every EVERY events, and on every interval, it emits {comm, count} for each command seen.

EVERY = 5
counts = {}
pending = 0


def init(ctx):
    ctx.log.info("percomm: tracing getppid() of", ctx.params["target_pid"] or "every process")


def report(ctx):
    for comm, count in sorted(counts.items()):
        ctx.emit({"comm": comm, "count": count})


def on_event(event, ctx):
    global pending
    counts[event.comm] = counts.get(event.comm, 0) + 1
    pending += 1
    if pending >= EVERY:
        pending = 0
        report(ctx)


def on_interval(ctx):
    report(ctx)
