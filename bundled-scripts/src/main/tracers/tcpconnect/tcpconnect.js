// tcpconnect: one line per active TCP connect, with BCC's columns PID COMM IP SADDR DADDR DPORT.
// SADDR is the source address the kernel chose; it is :: or 0.0.0.0 when not yet bound.

const AF_INET = 2;

/** The address bytes, in network order, of four little-endian 32-bit words. */
function bytesOf(words) {
  const bytes = [];
  for (const w of words) {
    const v = Number(w);
    bytes.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  }
  return bytes;
}

function ipv4(words) {
  return bytesOf(words).slice(0, 4).join('.');
}

/** RFC 5952 text: lower-case hex groups, the longest run of two or more zero groups as "::". */
function ipv6(words) {
  const b = bytesOf(words);
  const groups = [];
  for (let i = 0; i < 16; i += 2) {
    groups.push((b[i] << 8) | b[i + 1]);
  }
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${b.slice(12).join('.')}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) {
    return hex.join(':');
  }
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function onEvent(event, ctx) {
  const v4 = event.family === AF_INET;
  ctx.emit({
    pid: event.pid,
    comm: event.comm,
    ip: v4 ? 4 : 6,
    saddr: v4 ? ipv4(event.saddr) : ipv6(event.saddr),
    daddr: v4 ? ipv4(event.daddr) : ipv6(event.daddr),
    dport: event.dport,
  });
}
