"""funclatency: how long a user-space function takes.

The histogram of the `hist` map is printed every second by the host (@sample); this handler adds
BCC's summary line for the same second: COUNT, AVG_NS and TOTAL_NS of the calls that returned.
"""

# count and total_ns of the `totals` map at the previous summary
_reported = (0, 0)


def _report(ctx):
    """Summarizes the calls since the previous summary. The kernel's totals only grow: clearing
    them after reading would lose the calls that return in between. The two totals are added to
    one after the other, so a read between the two may see a call's count without its time: that
    time then goes to the next summary."""
    global _reported
    t = ctx.maps.totals.get(0)
    if t is None:
        return
    count, total = t.count - _reported[0], t.total_ns - _reported[1]
    if count == 0:
        return
    _reported = (t.count, t.total_ns)
    ctx.emit({'count': count, 'avg_ns': total // count, 'total_ns': total})


def on_interval(ctx):
    _report(ctx)


def on_exit(ctx):
    _report(ctx)
