# bench/run startup: the Python handler, one record per exec.
def on_event(event, ctx):
    ctx.emit({'pid': event.pid, 'comm': event.comm, 'filename': event.filename})
