import { createHash, randomBytes } from "node:crypto";

/** A random single-use token for a mailed link: 256 bits, URL-safe. Only its hash is stored. */
export const newToken = () => randomBytes(32).toString("base64url");

export const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");

export const newId = () => randomBytes(12).toString("base64url");
