import type { WireMessage } from './wire';

/**
 * The wire as JSON, for transports that carry text (the browser harness's WebSocket). JSON has no bytes, and
 * getDocumentBytes returns a Uint8Array, so bytes travel as a tagged object `{ "$bytes": "<base64>" }`. Both ends
 * use this one codec. Base64 goes through btoa/atob, which browsers and Node both provide, so nothing here depends
 * on Node's Buffer or the DOM.
 */
const TAG = '$bytes';
const CHUNK = 0x8000;

export function encodeWire(message: WireMessage): string {
  return JSON.stringify(message, function (this: Record<string, unknown>, key: string, value: unknown) {
    // `this[key]` is the value before toJSON, so a Node Buffer (also a Uint8Array) is caught too.
    const raw = this[key];
    return raw instanceof Uint8Array ? { [TAG]: toBase64(raw) } : value;
  });
}

export function decodeWire(text: string): WireMessage {
  return JSON.parse(text, (_key, value: unknown) => (isTagged(value) ? fromBase64(value[TAG]) : value)) as WireMessage;
}

function isTagged(value: unknown): value is { [TAG]: string } {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === TAG && typeof (value as Record<string, unknown>)[TAG] === 'string';
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunked: String.fromCharCode with a whole PDF as arguments overflows the call stack.
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
