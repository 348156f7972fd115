// profile: sampled stacks, folded for flame graphs. Printed once, at the end, busiest first:
// STACK is "comm;outermost;...;innermost" (user frames, then kernel frames suffixed "_[k]",
// as BCC's profile -f) and COUNT the samples. A stack the stack map could not store shows as
// "[Missed User Stack]" or "[Missed Kernel Stack]", as in BCC. For flamegraph.pl:
//   polytrace run profile --json -d 10s | jq -r '"\(.stack) \(.count)"' > out.folded

const EFAULT = 14;

/**
 * The frame names of one stack, outermost first. -EFAULT means there was no stack to walk: no
 * frames. Any other failure (e.g. -EEXIST, its bucket of the stack map taken by another stack) is
 * shown as BCC's profile shows it, so that the sample keeps its place in the output.
 */
function frames(ctx, stackId, missing, symbolize) {
  if (stackId === -EFAULT) {
    return [];
  }
  const addresses = stackId < 0 ? null : ctx.maps.stacks.get(stackId);
  if (addresses === null) {
    return [missing];
  }
  const names = [];
  for (const address of addresses) {
    if (address == 0) {
      break;
    }
    names.push(symbolize(address));
  }
  return names.reverse();
}

/** "func+0x1a (libc.so.6)" -> "func"; an unresolved address -> "[unknown]". */
function functionName(symbol) {
  const name = symbol.replace(/\+0x[0-9a-f]+/, '').replace(/ \(.*\)$/, '');
  return name.startsWith('0x') ? '[unknown]' : name;
}

export function onExit(ctx) {
  const folded = new Map();
  for (const { key, value } of ctx.maps.counts.entries()) {
    const user = ctx.params.kernel_stacks_only ? []
      : frames(ctx, key.user_stack_id, '[Missed User Stack]', (a) => functionName(ctx.usym(key.pid, a)));
    const kernel = ctx.params.user_stacks_only ? []
      : frames(ctx, key.kernel_stack_id, '[Missed Kernel Stack]', (a) => `${functionName(ctx.ksym(a))}_[k]`);
    const stack = [key.comm.replaceAll(';', '_').replaceAll(' ', '_'), ...user, ...kernel].join(';');
    folded.set(stack, (folded.get(stack) ?? 0) + Number(value));
  }
  const rows = [...folded.entries()].sort((a, b) => b[1] - a[1]);
  for (const [stack, count] of rows) {
    ctx.emit({ stack, count });
  }
}
