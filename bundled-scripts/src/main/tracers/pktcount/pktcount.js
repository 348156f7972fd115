// pktcount: packets and bytes per protocol received on the interface (default lo; choose one
// with --attach count_packets.iface=eth0). PROTOCOL is "IPv4/TCP", "IPv6/UDP", "ARP", ...
// Rows count what arrived since the previous print: every `interval` seconds, and at the end.

const ETHERTYPES = { 0x0800: 'IPv4', 0x86dd: 'IPv6', 0x0806: 'ARP', 0x8035: 'RARP', 0x88cc: 'LLDP', 0x8847: 'MPLS' };
const IP_PROTOCOLS = {
  0: 'HOPOPT', 1: 'ICMP', 2: 'IGMP', 4: 'IPIP', 6: 'TCP', 17: 'UDP', 41: 'IPv6', 43: 'IPv6-Route',
  44: 'IPv6-Frag', 47: 'GRE', 50: 'ESP', 51: 'AH', 58: 'ICMPv6', 59: 'IPv6-NoNxt', 60: 'IPv6-Opts',
  89: 'OSPF', 103: 'PIM', 112: 'VRRP', 132: 'SCTP', 136: 'UDPLite',
};

const printed = new Map(); // protocol -> {packets, bytes} at the previous print
let ticks = 0;

function protocolName(key) {
  const l3 = ETHERTYPES[key.ethertype] ?? `0x${key.ethertype.toString(16).padStart(4, '0')}`;
  if (key.ethertype !== 0x0800 && key.ethertype !== 0x86dd) {
    return l3;
  }
  return `${l3}/${IP_PROTOCOLS[key.ip_proto] ?? key.ip_proto}`;
}

function report(ctx) {
  const rows = [];
  for (const { key, value } of ctx.maps.counts.entries()) {
    const protocol = protocolName(key);
    const before = printed.get(protocol) ?? { packets: 0, bytes: 0 };
    const packets = Number(value.packets) - before.packets;
    const bytes = Number(value.bytes) - before.bytes;
    printed.set(protocol, { packets: Number(value.packets), bytes: Number(value.bytes) });
    if (packets > 0) {
      rows.push({ protocol, packets, bytes });
    }
  }
  rows.sort((a, b) => b.packets - a.packets);
  rows.forEach((row) => ctx.emit(row));
}

export function onInterval(ctx) {
  if (ctx.params.interval <= 0) {
    return;
  }
  ticks += 1;
  if (ticks >= ctx.params.interval) {
    ticks = 0;
    report(ctx);
  }
}

export function onExit(ctx) {
  report(ctx);
}
