// hello.js: numbers every getppid() call the tracer sees.
// event = {pid, comm} decoded from `struct event`; ctx.emit prints one output row.

let seen = 0;

export function init(ctx) {
  ctx.log.info('hello: tracing getppid() of', ctx.params.target_pid || 'every process');
}

export function onEvent(event, ctx) {
  seen += 1;
  ctx.emit({ pid: event.pid, comm: event.comm, n: seen });
}
