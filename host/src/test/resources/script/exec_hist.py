# The same aggregation as exec_hist.js, in Python.
lengths = []

def on_event(event, ctx):
    lengths.append(len(event.filename))
    ctx.metrics.histogram('filename_length', 'length of exec filenames', [], [4, 8, 16, 32]).observe(len(event.filename))

def on_exit(ctx):
    print(ctx.hist.log2(lengths, 'chars'))
    return {'execs': len(lengths)}
