// Tries every way out the guard covers, from the main thread and from a worker; each must throw. A loopback
// connection must still work. Prints {"loopback":"ok"}.
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import net from 'node:net';
import { isMainThread, Worker } from 'node:worker_threads';

// TEST-NET-1 (192.0.2.0/24) is reserved for documentation: never routed, and the guard refuses before any syscall.
const FAR = '192.0.2.1';
const attempts = [
  () => net.connect(443, FAR),
  () => dns.lookup('example.org', () => {}),
  () => dns.promises.resolve4('example.org'),
  () => http.request(`http://${FAR}/`),
  () => fetch(`https://${FAR}/`),
  () => dgram.createSocket('udp4').send('x', 53, FAR),
];

async function tryAll() {
  for (const attempt of attempts) {
    try {
      await attempt();
    } catch (err) {
      if (err.code === 'EGRESS_REFUSED') continue;
      throw err;
    }
    throw new Error(`not refused: ${attempt.toString()}`);
  }
}

await tryAll();
if (isMainThread) {
  await new Promise((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { execArgv: process.execArgv });
    w.on('error', reject);
    w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exit ${code}`))));
  });
  const server = net.createServer((s) => s.end('ok'));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  const reply = await new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.on('data', (d) => resolve(d.toString()));
  });
  server.close();
  process.stdout.write(JSON.stringify({ loopback: reply }));
}
