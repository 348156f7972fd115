// execsnoop: one line per exec, with BCC's columns PCOMM PID PPID RET ARGS.
// RET is 0 for a successful exec, otherwise the negative errno (e.g. -2 for a missing file).
// ARGS is the file name and the arguments; " ..." marks arguments left out (see max_args).

export function onEvent(event, ctx) {
  ctx.emit({
    pcomm: event.comm,
    pid: event.pid,
    ppid: event.ppid,
    ret: event.ret,
    args: event.truncated ? `${event.args} ...` : event.args,
  });
}
