# Emits one record per exec, and counts execs per command in ctx.metrics.
def init(ctx):
    ctx.log.info('tracing children of %d' % ctx.params['target_ppid'])

def on_event(event, ctx):
    ctx.metrics.counter('execs_total', 'execs seen', ['comm']).inc({'comm': event.comm})
    ctx.emit({'pid': event.pid, 'ppid': event.ppid, 'comm': event.comm, 'filename': event.filename})
