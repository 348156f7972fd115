// profile: sampled stacks, folded for flame graphs. Printed once, at the end, busiest first:
// STACK is "comm;outermost;...;innermost" (user frames, then kernel frames suffixed "_[k]",
// as BCC's profile -f) and COUNT the samples. For flamegraph.pl:
//   polytrace run profile --json -d 10s | jq -r '"\(.stack) \(.count)"' > out.folded

/** The frame names of one stack, outermost first; empty when the stack was not collected. */
function frames(ctx, stackId, symbolize) {
  if (stackId < 0) {
    return [];
  }
  const addresses = ctx.maps.stacks.get(stackId);
  if (addresses === null) {
    return [];
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
    const user = frames(ctx, key.user_stack_id, (a) => functionName(ctx.usym(key.pid, a)));
    const kernel = frames(ctx, key.kernel_stack_id, (a) => `${functionName(ctx.ksym(a))}_[k]`);
    const stack = [key.comm.replaceAll(';', '_').replaceAll(' ', '_'), ...user, ...kernel].join(';');
    folded.set(stack, (folded.get(stack) ?? 0) + Number(value));
  }
  const rows = [...folded.entries()].sort((a, b) => b[1] - a[1]);
  for (const [stack, count] of rows) {
    ctx.emit({ stack, count });
  }
}
