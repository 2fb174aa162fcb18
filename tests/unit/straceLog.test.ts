import { describe, expect, it } from 'vitest';
import { dnsQueryName, egressViolations, parseStraceLog, unescapeStrace } from '../integration/egress/straceLog';

// Lines recorded from `strace -f -qq -xx -s 300 -e trace=connect,sendto,sendmsg,sendmmsg` around a Clinote session
// with onnxruntime 1.30's telemetry left on: its uploader resolves mobile.events.data.microsoft.com a few seconds
// after the first inference session.
const RECORDED = String.raw`26656 connect(19, {sa_family=AF_UNIX, sun_path="\x2f\x74\x6d\x70\x2f\x74\x73\x78\x2d\x30\x2f\x32\x36\x36\x35\x33\x2e\x70\x69\x70\x65"}, 110) = -1 ENOENT (No such file or directory)
26764 connect(56, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("\x31\x30\x2e\x32\x35\x35\x2e\x32\x35\x35\x2e\x35\x33")}, 16 <unfinished ...>
26763 sendto(57, "\x42\x12\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x06\x6d\x6f\x62\x69\x6c\x65\x06\x65\x76\x65\x6e\x74\x73\x04\x64\x61\x74\x61\x09\x6d\x69\x63\x72\x6f\x73\x6f\x66\x74\x03\x63\x6f\x6d\x00\x00\x1c\x00\x01", 50, MSG_NOSIGNAL, NULL, 0 <unfinished ...>
26764 <... connect resumed>)            = 0`;

describe('strace log parser', () => {
  it('finds the resolver connect and the telemetry DNS query in a recorded trace', () => {
    const attempts = parseStraceLog(RECORDED);
    expect(attempts).toEqual([
      expect.objectContaining({
        pid: 26764,
        syscall: 'connect',
        family: 'AF_INET',
        address: '10.255.255.53',
        port: 53,
      }),
      expect.objectContaining({ pid: 26763, syscall: 'sendto', dnsName: 'mobile.events.data.microsoft.com' }),
    ]);
    expect(egressViolations(attempts)).toHaveLength(2);
  });

  it('accepts loopback and unix sockets, and flags a lookup even through a loopback resolver', () => {
    const log = [
      '12 connect(3, {sa_family=AF_INET, sin_port=htons(5173), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
      '12 connect(4, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
      '[pid    13] connect(5, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT',
      String.raw`13 sendmmsg(6, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="\x00\x01\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x07example\x03org\x00\x00\x01\x00\x01", iov_len=29}]}, msg_len=29}], 1, MSG_NOSIGNAL) = 1`,
      '14 connect(7, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:db8::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ENETUNREACH',
    ].join('\n');
    const bad = egressViolations(parseStraceLog(log));
    expect(bad.map((a) => a.dnsName ?? `${a.address}:${a.port}`)).toEqual(['example.org', '2001:db8::1:443']);
  });

  it('does not read an arbitrary buffer as a DNS query', () => {
    expect(dnsQueryName(new TextEncoder().encode('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))).toBeUndefined();
    expect(dnsQueryName(new Uint8Array(40))).toBeUndefined();
    const ipc = parseStraceLog('9 sendto(3, "\\x01\\x02 hello", 8, 0, NULL, 0) = 8');
    expect(ipc).toEqual([]);
  });

  it('decodes strace escapes', () => {
    expect([...unescapeStrace(String.raw`a\x41\n\"\\\101`)]).toEqual([97, 65, 10, 34, 92, 65]);
  });
});
