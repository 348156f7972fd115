// bench/run startup: the JS handler, one record per exec.
export function onEvent(event, ctx) {
  ctx.emit({pid: event.pid, comm: event.comm, filename: event.filename});
}
