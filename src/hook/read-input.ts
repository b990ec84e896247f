// Reads one event from a byte stream: bounded in size, strict UTF-8, strict JSON.
import { GatehouseError } from '../errors.js';

export const MAX_EVENT_BYTES = 10 * 1024 * 1024;

/** Reads at most `limit + 1` bytes so an oversized event is detected without buffering all of it. */
export async function readBounded(stream: AsyncIterable<Buffer | string>, limit = MAX_EVENT_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > limit) {
      throw new GatehouseError({
        code: 'hook/input-too-large',
        message: `the event is larger than ${Math.round(limit / 1024 / 1024)} MB`,
      });
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeEvent(bytes: Buffer): unknown {
  if (bytes.length > MAX_EVENT_BYTES) {
    throw new GatehouseError({ code: 'hook/input-too-large', message: `the event is larger than ${MAX_EVENT_BYTES / 1024 / 1024} MB` });
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new GatehouseError({ code: 'hook/bad-input', message: 'the event is not valid UTF-8' });
  }
  if (text.trim() === '') throw new GatehouseError({ code: 'hook/bad-input', message: 'no event on stdin' });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new GatehouseError({ code: 'hook/bad-input', message: `the event is not valid JSON (${(e as Error).message})` });
  }
}
