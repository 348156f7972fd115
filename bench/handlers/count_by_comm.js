// The handler benchmark's JS handler: reads the four fields bpftrace prints (pid, tid, ts, comm)
// and counts events by comm. onExit returns the counts; the bench checks them against delivered.
const byComm = {};
let lastTs = 0;
let ids = 0;

export function onEvent(event, ctx) {
  const comm = event.comm;
  ids += event.pid - event.tid;
  lastTs = event.ts;
  byComm[comm] = (byComm[comm] || 0) + 1;
}

export function onExit(ctx) {
  return byComm;
}
