import ipaddr from "ipaddr.js";

// Only ordinary global unicast addresses are public. IPv6 forms that carry an IPv4 address inside them
// (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by that IPv4 address, so
// `[::ffff:127.0.0.1]`, `[64:ff9b::a9fe:a9fe]` or `[2002:7f00:1::]` cannot reach loopback or metadata.
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const p = address.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  if (address.isIPv4MappedAddress()) return address.toIPv4Address();
  const range = address.range();
  if (range === "rfc6052") return v4(p[6]!, p[7]!);
  if (range === "6to4") return v4(p[1]!, p[2]!);
  // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks); :: and ::1 are handled by range().
  if (p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7]! > 1)) return v4(p[6]!, p[7]!);
  return undefined;
}

/** Whether an IP address (v4 or v6 text, brackets allowed) is a public unicast address. */
export function isPublicAddress(raw: string): boolean {
  const text = raw.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!ipaddr.isValid(text)) return false;
  const address = ipaddr.parse(text);
  if (address.kind() === "ipv4") return address.range() === "unicast";
  const v6 = address as ipaddr.IPv6;
  const inner = embeddedIpv4(v6);
  if (inner) return inner.range() === "unicast";
  return v6.range() === "unicast";
}
