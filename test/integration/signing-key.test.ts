import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeProtectedHeader, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatSigningKeys, newSigningKey, parseSigningKeys, rotatedSigningKeys } from "#shared/signing-key";
import { signIn, signUp } from "#test/support/accounts";
import { call, rootDir } from "#test/support/runtime";

/**
 * Session tokens across a rotation of the signing keys, over HTTP, against the whole local
 * runtime. There is no local Secrets Manager, so the rotation is what the rotation function
 * writes into the secret (`rotatedSigningKeys`), given to the runtime as `SIGNING_KEY` at a
 * restart on the same data folder: what every function sees once it reads the rotated secret.
 * The rotation function's own steps are tested in test/unit/signing-key-rotation.test.ts.
 */

type Problem = { code: string; status: number };

let dataDir: string;

beforeAll(async () => {
  process.env.LOG_LEVEL ??= "SILENT";
  dataDir = await mkdtemp(join(tmpdir(), "aw-signing-key-"));
});

afterAll(async () => {
  delete process.env.SIGNING_KEY;
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs the local runtime on the test's data folder with these signing keys, then stops it. */
async function withKeys<T>(keys: string, run: (api: string) => Promise<T>): Promise<T> {
  process.env.SIGNING_KEY = keys;
  const { startLocalRuntime } = await import("#local/runtime");
  const runtime = await startLocalRuntime({ rootDir, dataDir, rateLimitsExemptLoopback: true });
  try {
    return await run(runtime.urls.api);
  } finally {
    await runtime.stop();
  }
}

const me = (api: string, token: string) => call<Problem>(api, "GET", "/v1/me", { token });

describe("signing keys, over HTTP", () => {
  it("a rotation ends no session: tokens signed before it still work, new ones carry the new key id", async () => {
    const first = formatSigningKeys({ current: newSigningKey() });
    const rotated = rotatedSigningKeys(first);
    const twiceRotated = rotatedSigningKeys(rotated);
    const ids = [first, rotated, twiceRotated].map((keys) => parseSigningKeys(keys).current.kid);

    const account = await withKeys(first, async (api) => {
      const signedUp = await signUp(api);
      expect(decodeProtectedHeader(signedUp.token).kid).toBe(ids[0]);
      expect((await me(api, signedUp.token)).status).toBe(200);
      return signedUp;
    });

    const later = await withKeys(rotated, async (api) => {
      // Signed before the rotation, verified with the previous key.
      expect((await me(api, account.token)).status).toBe(200);
      const signedIn = await signIn(api, account.loginEmail);
      expect(signedIn.status).toBe(201);
      expect(decodeProtectedHeader(signedIn.body.token).kid).toBe(ids[1]);
      expect((await me(api, signedIn.body.token)).status).toBe(200);
      // A token under a key id the secret does not hold is a bad token: 401, not 500.
      const [, payload] = account.token.split(".");
      const unknownKid = await new SignJWT(JSON.parse(Buffer.from(payload ?? "", "base64url").toString()))
        .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: "2026-12-24-00000000" })
        .sign(newSigningKey().key);
      const refused = await me(api, unknownKid);
      expect([refused.status, refused.body.code]).toEqual([401, "UNAUTHENTICATED"]);
      return signedIn.body.token;
    });

    await withKeys(twiceRotated, async (api) => {
      // Two rotations later the first key is gone: its tokens had expired long before in AWS (90 days).
      const expired = await me(api, account.token);
      expect([expired.status, expired.body.code]).toEqual([401, "UNAUTHENTICATED"]);
      expect((await me(api, later)).status).toBe(200);
    });
  }, 120_000);

  it("a key that cannot be read answers 500, not 401: the authorizer fails instead of refusing the token", async () => {
    const keys = formatSigningKeys({ current: newSigningKey() });
    const account = await withKeys(keys, (api) => signUp(api));
    await withKeys('{"current": ', async (api) => {
      const failed = await me(api, account.token);
      expect(failed.status).toBe(500);
      expect(failed.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(failed.body.code).toBe("INTERNAL_ERROR");
    });
    // The session itself was never in question: with the keys readable, the same token works.
    await withKeys(keys, async (api) => {
      expect((await me(api, account.token)).status).toBe(200);
    });
  }, 120_000);
});
