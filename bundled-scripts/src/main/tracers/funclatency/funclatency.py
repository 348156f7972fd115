"""funclatency: how long a user-space function takes.

The histogram of the `hist` map is printed every second by the host (@sample); this handler adds
BCC's summary line for the same second: COUNT, AVG_NS and TOTAL_NS of the calls that returned.
"""


def _report(ctx):
    totals = ctx.maps.totals
    t = totals.get(0)
    if t is None or t.count == 0:
        return
    count, total = t.count, t.total_ns
    totals.set(0, {'count': 0, 'total_ns': 0})
    ctx.emit({'count': count, 'avg_ns': total // count, 'total_ns': total})


def on_interval(ctx):
    _report(ctx)


def on_exit(ctx):
    _report(ctx)
