/**
 * Reads an `strace -f -xx -s 512 -e trace=connect,sendto,sendmsg,sendmmsg` log and finds every attempt to reach the
 * network: an IPv4/IPv6 address in any traced call, and any DNS query in any sent buffer (a name lookup is the first
 * step of egress even when the resolver itself is on loopback). Unix and netlink sockets are local by construction.
 */
export interface NetAttempt {
  pid: number;
  syscall: string;
  family?: 'AF_INET' | 'AF_INET6';
  address?: string;
  port?: number;
  /** The name asked for, when the call sends a DNS query. */
  dnsName?: string;
  line: string;
}

const LINE = /^(?:\[pid\s+)?(\d+)\]?\s+([a-z_0-9]+)\(/;
const INET = /sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("((?:[^"\\]|\\.)*)"\)/g;
const INET6 = /sa_family=AF_INET6, sin6_port=htons\((\d+)\),.*?inet_pton\(AF_INET6, "((?:[^"\\]|\\.)*)"/g;
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;
const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, v: 11, f: 12, '"': 34, '\\': 92 };

/** strace's C-style string escapes (\xHH with -xx, \n, \", octal) back to bytes. */
export function unescapeStrace(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out.push(c.charCodeAt(0) & 0xff);
      continue;
    }
    const next = s[i + 1] ?? '';
    if (next === 'x') {
      out.push(parseInt(s.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (/[0-7]/.test(next)) {
      const oct = /^[0-7]{1,3}/.exec(s.slice(i + 1))![0];
      out.push(parseInt(oct, 8));
      i += oct.length;
    } else {
      out.push(SIMPLE_ESCAPES[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Uint8Array.from(out);
}

/** The question name of a DNS query message, or undefined when the bytes are not one. */
export function dnsQueryName(b: Uint8Array): string | undefined {
  if (b.length < 17) return undefined;
  const isQuery = (b[2]! & 0x80) === 0;
  const questions = (b[4]! << 8) | b[5]!;
  if (!isQuery || questions < 1) return undefined;
  const labels: string[] = [];
  let i = 12;
  while (i < b.length && b[i] !== 0) {
    const len = b[i]!;
    if (len > 63 || i + 1 + len > b.length) return undefined;
    const label = String.fromCharCode(...b.subarray(i + 1, i + 1 + len));
    if (!/^[\x21-\x7e]+$/.test(label)) return undefined;
    labels.push(label);
    i += 1 + len;
  }
  if (i + 5 > b.length || labels.length === 0) return undefined;
  const qclass = (b[i + 3]! << 8) | b[i + 4]!;
  return qclass === 1 || qclass === 255 ? labels.join('.').toLowerCase() : undefined;
}

const text = (escaped: string) => Buffer.from(unescapeStrace(escaped)).toString('latin1');

export function parseStraceLog(log: string): NetAttempt[] {
  const attempts: NetAttempt[] = [];
  for (const line of log.split('\n')) {
    const head = LINE.exec(line);
    if (!head) continue;
    const base = { pid: Number(head[1]), syscall: head[2]!, line };
    for (const m of line.matchAll(INET)) {
      attempts.push({ ...base, family: 'AF_INET', port: Number(m[1]), address: text(m[2]!) });
    }
    for (const m of line.matchAll(INET6)) {
      attempts.push({ ...base, family: 'AF_INET6', port: Number(m[1]), address: text(m[2]!) });
    }
    if (!base.syscall.startsWith('send')) continue;
    for (const m of line.matchAll(QUOTED)) {
      const dnsName = dnsQueryName(unescapeStrace(m[1]!));
      if (dnsName) attempts.push({ ...base, dnsName });
    }
  }
  return attempts;
}

export function isLoopbackAddress(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || /^::ffff:127\./i.test(address);
}

/** Attempts that leave the machine: a non-loopback address, or a lookup of any name but localhost. */
export function egressViolations(attempts: NetAttempt[]): NetAttempt[] {
  return attempts.filter((a) =>
    a.dnsName !== undefined ? !/^localhost\.?$/.test(a.dnsName) : !isLoopbackAddress(a.address ?? ''),
  );
}

export function describeAttempt(a: NetAttempt): string {
  const what = a.dnsName ? `DNS query for ${a.dnsName}` : `${a.family} ${a.address}:${a.port}`;
  return `pid ${a.pid} ${a.syscall}: ${what}`;
}
