import { randomBytes } from "node:crypto";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/**
 * The HMAC keys that sign and verify session tokens: from Secrets Manager in AWS
 * (SIGNING_KEY_SECRET_ARN), from SIGNING_KEY locally (the local runtime keeps a generated set in
 * its data folder).
 *
 * The secret is a JSON document holding the current key and the one before the last rotation:
 *
 *     { "current": { "kid": "2026-12-01-9f2c1a0b", "key": "<base64url, 32 bytes>" },
 *       "previous": { "kid": "legacy", "key": "<base64url>" } }
 *
 * Tokens are signed with `current` and carry its `kid` in their header; a token verifies with the
 * key its `kid` names, current or previous. The rotation function (functions/keys/) makes a new
 * current and keeps the old one as previous, so a rotation ends no session (tokens live one hour,
 * rotations come 90 days apart). A plain string, what the secret held before key ids, still reads
 * as one current key with the id `legacy` (its UTF-8 bytes are the key, as they always were), and
 * tokens without a `kid` are those it signed.
 *
 * Reading fails loudly: a few attempts with a short backoff, then `SigningKeyUnavailable`, which
 * is no verdict on any token (the authorizer lets it through as an error: API Gateway answers
 * 500). Only a successful read is kept, for at most `signingKeysCacheMs`, so that warm functions
 * pick a rotation up; a token naming a key id the kept set lacks makes it be read again at once
 * (at most every `unknownKidRereadMs`), so a key rotated in a moment ago is not refused.
 *
 * The Secrets Manager client is imported statically, unlike the rarely used clients of
 * shared/aws/: in AWS every function that signs or verifies a token needs the keys at every cold
 * start, so loading it lazily would only move its cost into the first request (and keep more of
 * the SDK in the bundle); functions that never read the keys leave it out (nothing here runs on
 * import).
 */

/** One HMAC key and the id (`kid`) that tokens signed with it carry in their protected header. */
export interface SigningKey {
  readonly kid: string;
  readonly key: Uint8Array;
}

export interface SigningKeys {
  /** Signs new tokens. */
  readonly current: SigningKey;
  /** The current key before the last rotation: tokens it signed still verify. */
  readonly previous?: SigningKey;
  /** Every key that verifies a token, by its id. */
  readonly byKid: ReadonlyMap<string, Uint8Array>;
}

/** The key id of a secret that holds a plain string (the format before key ids), and of tokens without a `kid`. */
export const legacyKid = "legacy";

/** How long a successful read is used before the keys are read again. */
export const signingKeysCacheMs = 5 * 60 * 1000;
/** A token with an unknown key id makes the keys be read again, at most this often. */
export const unknownKidRereadMs = 5 * 1000;
const readAttempts = 3;
const retryBaseDelayMs = 100;
const minKeyBytes = 32;
const kidPattern = /^[A-Za-z0-9._-]{1,64}$/;
const base64urlPattern = /^[A-Za-z0-9_-]+$/;

/** The keys cannot be read (or the secret is malformed): no verdict on any token. */
export class SigningKeyUnavailable extends Error {
  override readonly name = "SigningKeyUnavailable";
}

// Messages never quote the secret (a JSON.parse error would).
const malformed = (what: string) => new SigningKeyUnavailable(`the signing key secret is malformed: ${what}`);

function keyOf(value: unknown, where: string): SigningKey {
  if (typeof value !== "object" || value === null) throw malformed(`"${where}" is not an object`);
  const { kid, key } = value as Record<string, unknown>;
  if (typeof kid !== "string" || !kidPattern.test(kid))
    throw malformed(`"${where}.kid" is not 1 to 64 letters, digits, dots, dashes or underscores`);
  if (typeof key !== "string" || !base64urlPattern.test(key))
    throw malformed(`"${where}.key" is not base64url`);
  const bytes = Buffer.from(key, "base64url");
  if (bytes.length < minKeyBytes) throw malformed(`"${where}.key" is shorter than ${minKeyBytes} bytes`);
  return { kid, key: new Uint8Array(bytes) };
}

function keySet(current: SigningKey, previous?: SigningKey): SigningKeys {
  if (previous?.kid === current.kid) throw malformed(`"current" and "previous" have the same kid`);
  const byKid = new Map([[current.kid, current.key]]);
  if (previous) byKid.set(previous.kid, previous.key);
  return { current, ...(previous ? { previous } : {}), byKid };
}

/** The keys a secret's text holds: the JSON document, or a plain string (the legacy format). */
export function parseSigningKeys(text: string): SigningKeys {
  if (!text) throw malformed("it is empty");
  if (!text.trimStart().startsWith("{")) {
    const key = new TextEncoder().encode(text);
    if (key.length < minKeyBytes) throw malformed(`the plain key is shorter than ${minKeyBytes} bytes`);
    return keySet({ kid: legacyKid, key });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw malformed("it is not JSON");
  }
  if (typeof document !== "object" || document === null || Array.isArray(document))
    throw malformed("it is not a JSON object");
  const { current, previous } = document as Record<string, unknown>;
  return keySet(keyOf(current, "current"), previous === undefined ? undefined : keyOf(previous, "previous"));
}

/** The secret's text for a set of keys (the JSON document). */
export function formatSigningKeys(keys: { current: SigningKey; previous?: SigningKey | undefined }): string {
  const entry = ({ kid, key }: SigningKey) => ({ kid, key: Buffer.from(key).toString("base64url") });
  return JSON.stringify({
    current: entry(keys.current),
    ...(keys.previous ? { previous: entry(keys.previous) } : {}),
  });
}

/** A new random key (32 bytes) with an id that says when it was made. */
export function newSigningKey(now = new Date()): SigningKey {
  return {
    kid: `${now.toISOString().slice(0, 10)}-${randomBytes(4).toString("hex")}`,
    key: new Uint8Array(randomBytes(32)),
  };
}

/** A secret's text with one new key: what the local runtime generates. */
export const newSigningKeysText = (): string => formatSigningKeys({ current: newSigningKey() });

/**
 * The text after a rotation: a new current key, and the current one kept as previous (the
 * previous one is dropped: every token it signed has expired long since).
 */
export function rotatedSigningKeys(text: string, now = new Date()): string {
  const { current } = parseSigningKeys(text);
  let next = newSigningKey(now);
  while (next.kid === current.kid) next = newSigningKey(now);
  return formatSigningKeys({ current: next, previous: current });
}

let client: SecretsManagerClient | undefined;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The secret's text, in a few attempts with a short, jittered backoff (100 ms, 300 ms). */
async function readSecretText(secretArn: string): Promise<string> {
  // The attempts are counted here, not also in the SDK; short timeouts keep them all within the
  // authorizer's 10 seconds.
  client ??= new SecretsManagerClient({
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 1500 },
  });
  let failure: unknown;
  for (let attempt = 0; attempt < readAttempts; attempt++) {
    if (attempt > 0) await sleep(retryBaseDelayMs * 3 ** (attempt - 1) * (0.5 + Math.random() / 2));
    try {
      const secret = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
      if (secret.SecretString) return secret.SecretString;
      failure = new Error("the secret has no SecretString");
    } catch (error) {
      failure = error;
    }
  }
  throw new SigningKeyUnavailable(`the signing key secret could not be read (${readAttempts} attempts)`, {
    cause: failure,
  });
}

async function readSigningKeys(): Promise<SigningKeys> {
  const local = process.env.SIGNING_KEY;
  if (local) return parseSigningKeys(local);
  const secretArn = process.env.SIGNING_KEY_SECRET_ARN;
  if (!secretArn) throw new SigningKeyUnavailable("SIGNING_KEY_SECRET_ARN is not set");
  return parseSigningKeys(await readSecretText(secretArn));
}

let kept: { keys: Promise<SigningKeys>; readAt: number } | undefined;

function read(now: number): Promise<SigningKeys> {
  const entry = { keys: readSigningKeys(), readAt: now };
  kept = entry;
  // Only a success is kept: after a failure, the next call reads again.
  entry.keys.catch(() => {
    if (kept === entry) kept = undefined;
  });
  return entry.keys;
}

/** The signing keys, read at most every `signingKeysCacheMs`; throws `SigningKeyUnavailable`. */
export function signingKeys(): Promise<SigningKeys> {
  const now = Date.now();
  if (kept && now - kept.readAt < signingKeysCacheMs) return kept.keys;
  return read(now);
}

/**
 * The key that verifies a token, by the `kid` of its header (none: a token signed before key ids),
 * or undefined when no key has that id. Throws `SigningKeyUnavailable`.
 */
export async function verificationKey(kid: string | undefined): Promise<Uint8Array | undefined> {
  const id = kid ?? legacyKid;
  const key = (await signingKeys()).byKid.get(id);
  if (key) return key;
  const now = Date.now();
  if (kept && now - kept.readAt < unknownKidRereadMs) return undefined;
  return (await read(now)).byKid.get(id);
}
