import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { errors } from "#shared/errors";
import { type Detail, message } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  length: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/**
 * scrypt with OWASP's parameters (N=2^17, r=8, p=1: 128 MiB, memory-hard). The parameters
 * are stored in each hash, so they can be raised later and old hashes still verify.
 * SCRYPT_LOG_N lowers the cost where speed matters more than strength (the test suite).
 */
const logN = Number(process.env.SCRYPT_LOG_N ?? 17);
const params = { N: 2 ** logN, r: 8, p: 1 };
const keyLength = 32;

const derive = (password: string, salt: Buffer, N: number, r: number, p: number) =>
  scrypt(password.normalize("NFKC"), salt, keyLength, { N, r, p, maxmem: 256 * 1024 * 1024 });

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, params.N, params.r, params.p);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

/** Constant-time comparison of a password with a stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | undefined;
/**
 * Spends the same time as a real check when there is no account, so that a wrong email and
 * a wrong password cannot be told apart by timing (R-A6).
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  await verifyPassword(password, await dummyHash);
  return false;
}

/** A small list of the most common passwords; a real deployment would check a breach corpus. */
const commonPasswords = new Set([
  "123456789012",
  "password1234",
  "passwordpassword",
  "qwertyuiopas",
  "iloveyou1234",
  "111111111111",
  "000000000000",
  "abcdefghijkl",
  "letmeinletmein",
  "welcome12345",
  "administrator",
  "correcthorsebatterystaple",
  "monkeymonkey",
  "qwerty123456",
  "password123!",
  "changeme1234",
]);

export const passwordPolicy = {
  minLength: 12,
  maxLength: 128,
  description:
    "At least 12 and at most 128 characters, not containing the login email or its name part, and not a common password.",
};

/** The written strength policy (R-A4), as a 422 WEAK_PASSWORD with the reason. */
export function assertStrongPassword(password: string, loginEmail: string): void {
  const { minLength: min, maxLength: max } = passwordPolicy;
  const weak = (detail: Detail) =>
    errors.of(422, "WEAK_PASSWORD", detail, {
      extensions: { policy: message(texts.passwordPolicy, { min, max }) },
    });
  if ([...password].length < min) throw weak(message(texts.passwordTooShort, { min }));
  if ([...password].length > max) throw weak(message(texts.passwordTooLong, { max }));
  const lower = password.toLowerCase();
  const email = loginEmail.toLowerCase();
  const localPart = email.split("@")[0] ?? "";
  if (lower.includes(email) || (localPart.length >= 4 && lower.includes(localPart))) {
    throw weak(texts.passwordContainsEmail);
  }
  if (commonPasswords.has(lower) || new Set(lower).size < 4) throw weak(texts.passwordTooCommon);
}
