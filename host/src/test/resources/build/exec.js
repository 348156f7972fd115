function onEvent(event, ctx) {
  ctx.emit({ pid: event.pid, comm: event.comm });
}
