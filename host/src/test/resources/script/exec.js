// Emits one record per exec, and counts execs per command in ctx.metrics.
export function init(ctx) {
  ctx.log.info('tracing children of ' + ctx.params.target_ppid);
}

export function onEvent(event, ctx) {
  ctx.metrics.counter('execs_total', 'execs seen', ['comm']).inc({comm: event.comm});
  ctx.emit({pid: event.pid, ppid: event.ppid, comm: event.comm, filename: event.filename});
}
