// Preloaded with `node --import` into a process under test (and, through execArgv, into its worker threads): every
// way Node code opens a connection or resolves a name is wrapped so that anything but loopback is recorded to
// $CLINOTE_EGRESS_LOG and then refused. Native libraries bypass these hooks; strace watches them.
import dgram from 'node:dgram';
import dns from 'node:dns';
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { isMainThread, threadId } from 'node:worker_threads';

const LOG = process.env.CLINOTE_EGRESS_LOG;

function record(entry) {
  if (LOG) appendFileSync(LOG, JSON.stringify({ pid: process.pid, threadId, ...entry }) + '\n');
}

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.', '::1', '[::1]', '0:0:0:0:0:0:0:1']);

export function isLoopback(host) {
  if (host === undefined || host === null || host === '') return true; // Node's own default: localhost
  const h = String(host).toLowerCase();
  if (LOOPBACK_NAMES.has(h)) return true;
  if (/^127\.\d+\.\d+\.\d+$/.test(h)) return true;
  return /^::ffff:127\.\d+\.\d+\.\d+$/.test(h);
}

function refuse(api, target) {
  record({ kind: 'blocked', api, target: String(target), stack: new Error().stack?.split('\n').slice(2, 8) });
  const err = new Error(`network egress refused by the test guard: ${api} ${target}`);
  err.code = 'EGRESS_REFUSED';
  return err;
}

function wrap(obj, name, check) {
  const original = obj[name];
  if (typeof original !== 'function') return;
  obj[name] = function guarded(...args) {
    const target = check(args);
    if (target !== undefined) throw refuse(name, target);
    return original.apply(this, args);
  };
}

/** The host of a connect-style call (options object, port+host, or a unix path), or undefined when it is local. */
function connectTarget(args) {
  let [first, second] = args;
  if (Array.isArray(first)) first = first[0]; // net.Socket#connect is called internally with normalized args
  if (first && typeof first === 'object') {
    if (first.path) return undefined;
    const host = first.host ?? first.hostname;
    return isLoopback(host) ? undefined : `${host}:${first.port ?? ''}`;
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined; // a unix socket path
  return typeof second === 'string' && !isLoopback(second) ? `${second}:${first}` : undefined;
}

function urlTarget(args) {
  const [first] = args;
  let host;
  if (typeof first === 'string' || first instanceof URL) host = new URL(String(first)).hostname;
  else if (first && typeof first === 'object') host = first.hostname ?? first.host?.split(':')[0];
  return isLoopback(host) ? undefined : String(host);
}

const nameTarget = (args) => (isLoopback(args[0]) ? undefined : String(args[0]));

wrap(net.Socket.prototype, 'connect', connectTarget);
wrap(net, 'connect', connectTarget);
wrap(net, 'createConnection', connectTarget);
wrap(tls, 'connect', connectTarget);
for (const mod of [http, https]) {
  wrap(mod, 'request', urlTarget);
  wrap(mod, 'get', urlTarget);
}
if (typeof globalThis.fetch === 'function') {
  const original = globalThis.fetch;
  globalThis.fetch = function guardedFetch(input, init) {
    const target = urlTarget([typeof input === 'object' && 'url' in input ? input.url : input]);
    if (target !== undefined) return Promise.reject(refuse('fetch', target));
    return original.call(this, input, init);
  };
}
const RESOLVERS = ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname'];
for (const fn of [...RESOLVERS, 'resolveMx', 'resolveNs', 'resolveTxt', 'resolveSrv', 'resolvePtr', 'reverse']) {
  wrap(dns, fn, nameTarget);
  wrap(dns.promises, fn, nameTarget);
  wrap(dns.Resolver.prototype, fn, nameTarget);
  wrap(dns.promises.Resolver.prototype, fn, nameTarget);
}
wrap(dgram.Socket.prototype, 'send', (args) => {
  const host = args.find((a, i) => i > 0 && typeof a === 'string');
  return host === undefined || isLoopback(host) ? undefined : host;
});
wrap(dgram.Socket.prototype, 'connect', (args) => (isLoopback(args[1]) ? undefined : `${args[1]}:${args[0]}`));

record({ kind: 'guard-loaded', main: isMainThread });
