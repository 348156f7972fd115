// Counts the events it sees into a metric and emits every tenth.
let seen = 0;

export function onEvent(event, ctx) {
  seen++;
  if (seen % 10 === 0) {
    ctx.emit({ seen: seen, pid: event.pid });
  }
}

export function onExit(ctx) {
  return { seen: seen };
}
