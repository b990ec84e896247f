// The checkpoint signing key: Ed25519, created on first use in the state directory (0600, in a
// 0700 directory), outside every project and the agent's writable area.
import type { KeyObject } from 'node:crypto';
import { crypto } from '../env/builtins.js';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { GatehouseError } from '../errors.js';
import { sha256Hex } from './chain.js';
import { KEY_FILE, PUBLIC_KEY_FILE } from './options.js';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** First 16 hex digits of the SHA-256 of the public key (SPKI DER). */
  keyId: string;
}

export function keyIdOf(publicKey: KeyObject): string {
  return sha256Hex(publicKey.export({ type: 'spki', format: 'der' })).slice(0, 16);
}

// node:crypto is loaded here only when a checkpoint is signed or verified, not on every hook call.
function fromPrivatePem(pem: string): SigningKey {
  const privateKey = crypto().createPrivateKey(pem);
  const publicKey = crypto().createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** Loads the key, creating it (exclusively) when missing. Call under the audit lock. */
export function loadOrCreateKey(keyDir: string): SigningKey {
  const file = join(keyDir, KEY_FILE);
  try {
    return fromPrivatePem(readFileSync(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new GatehouseError({ code: 'audit/bad-key', message: `cannot read the audit signing key (${(e as Error).message})`, file });
    }
  }
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  const { privateKey } = crypto().generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, pem);
  } finally {
    closeSync(fd);
  }
  const key = fromPrivatePem(pem);
  writeFileSync(join(keyDir, PUBLIC_KEY_FILE), key.publicKey.export({ type: 'spki', format: 'pem' }) as string, { mode: 0o644 });
  return key;
}

/** The public key to verify with: an explicit PEM file, else the state directory's key pair. */
export function loadPublicKey(keyDir: string, explicitFile?: string): KeyObject | undefined {
  const tryRead = (f: string): string | undefined => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return undefined;
    }
  };
  if (explicitFile) {
    const pem = tryRead(explicitFile);
    if (pem === undefined) throw new GatehouseError({ code: 'audit/bad-key', message: 'cannot read the public key file', file: explicitFile });
    try {
      return crypto().createPublicKey(pem);
    } catch (e) {
      throw new GatehouseError({ code: 'audit/bad-key', message: `not a public key (${(e as Error).message})`, file: explicitFile });
    }
  }
  const pub = tryRead(join(keyDir, PUBLIC_KEY_FILE));
  if (pub !== undefined) return crypto().createPublicKey(pub);
  const priv = tryRead(join(keyDir, KEY_FILE));
  return priv === undefined ? undefined : crypto().createPublicKey(crypto().createPrivateKey(priv));
}

export function signText(key: SigningKey, text: string): string {
  return crypto().sign(null, Buffer.from(text), key.privateKey).toString('base64');
}

export function verifyText(publicKey: KeyObject, text: string, sigB64: string): boolean {
  try {
    return crypto().verify(null, Buffer.from(text), publicKey, Buffer.from(sigB64, 'base64'));
  } catch {
    return false;
  }
}
