// execsnoop: one line per exec, with BCC's columns PCOMM PID PPID RET ARGS.
// RET is 0 for a successful exec, otherwise the negative errno (e.g. -2 for a missing file).

const ARGS_CAP = 512 - 128; // the BPF side stops appending beyond this many bytes

export function onEvent(event, ctx) {
  let args = event.args;
  if (event.args_size > ARGS_CAP || event.args_count >= ctx.params.max_args) {
    args += ' ...';
  }
  ctx.emit({
    pcomm: event.comm,
    pid: event.pid,
    ppid: event.ppid,
    ret: event.ret,
    args: args,
  });
}
