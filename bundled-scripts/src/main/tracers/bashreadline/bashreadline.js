// bashreadline: the command lines typed into bash, with BCC's columns PID COMMAND (plus UID).
// COMMAND is what readline() returned, cut to 79 bytes. Each line also counts in the
// Prometheus counter bash_commands_total{uid="..."}.

export function onEvent(event, ctx) {
  ctx.metrics.counter('bash_commands_total', 'Command lines read by bash', ['uid']).inc({ uid: String(event.uid) });
  ctx.emit({
    pid: event.pid,
    uid: event.uid,
    command: event.line,
  });
}
