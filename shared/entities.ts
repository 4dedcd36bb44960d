import type { Entity } from "#shared/entity";
import type { ItemRange } from "#shared/entity/reads";
import type { Language } from "#shared/i18n/languages";

/**
 * The single table's core entities: accounts, sessions, organizations, memberships and the
 * audit log. Keys keep the readable shapes of DESIGN.md (`USER#id / PROFILE`,
 * `ORG#id / MEMBER#userId`...). Each entity is a plain description (no code runs at import),
 * so a bundle keeps only the ones its handler uses. Access patterns and their cost are listed
 * in docs/data-model.md.
 */

export interface PostalAddress {
  line1: string;
  line2?: string;
  postalCode: string;
  city: string;
  country: string;
}

export interface User {
  userId: string;
  firstName: string;
  lastName: string;
  loginEmail: string;
  recoveryEmail: string;
  /** R-S4: the user's own phone number, set on the profile (PATCH /v1/me). */
  phone?: string;
  passwordHash: string;
  /** The login-email change waiting for its confirmation (R-A10): only this token confirms. */
  pendingLoginEmailTokenHash?: string;
  /** R-L1: the language of everything this user reads; absent on accounts older than it: English. */
  language?: Language;
  createdAt: string;
  updatedAt: string;
}
export const User: Entity<User, Pick<User, "userId">> = {
  name: "user",
  key: ({ userId }) => ({ pk: `USER#${userId}`, sk: "PROFILE" }),
};

/** Uniqueness guard of a login email (R-A5): one item per normalised address. */
export interface LoginEmail {
  email: string;
  userId: string;
}
export const LoginEmail: Entity<LoginEmail, Pick<LoginEmail, "email">> = {
  name: "loginEmail",
  key: ({ email }) => ({ pk: `EMAIL#${email}`, sk: "EMAIL" }),
};

/** Failed sign-ins per normalised email, known or not, so a lockout reveals nothing (R-A6). */
export interface SignInThrottle {
  email: string;
  failures: number;
  lockedUntil?: number;
  expiresAt: number;
}
export const SignInThrottle: Entity<SignInThrottle, Pick<SignInThrottle, "email">> = {
  name: "signInThrottle",
  key: ({ email }) => ({ pk: `SIGNIN#${email}`, sk: "THROTTLE" }),
};

export interface Session {
  sessionId: string;
  userId: string;
  createdAt: string;
  expiresAt: number;
  revokedAt?: string;
  sourceIp?: string;
}
export const Session: Entity<Session, Pick<Session, "sessionId">> = {
  name: "session",
  key: ({ sessionId }) => ({ pk: `SESSION#${sessionId}`, sk: "SESSION" }),
  indexKeys: ({ userId, sessionId }) =>
    userId && sessionId ? { gsi1pk: `USER#${userId}`, gsi1sk: `SESSION#${sessionId}` } : {},
};
/** A user's sessions (gsi1). */
export const sessionsOfUser = (userId: string): ItemRange => ({
  index: "gsi1",
  partition: `USER#${userId}`,
  beginsWith: "SESSION#",
});

export const emailTokenPurposes = ["login-email-change", "invitation", "termination"] as const;
export type EmailTokenPurpose = (typeof emailTokenPurposes)[number];

/**
 * A single-use, expiring token sent by mail (login email change, invitation, termination).
 * Only the SHA-256 of the token is stored; `usedAt` makes it single-use.
 */
export interface EmailToken {
  tokenHash: string;
  purpose: EmailTokenPurpose;
  userId?: string;
  orgId?: string;
  subjectId?: string;
  email?: string;
  data?: Record<string, unknown>;
  createdAt: string;
  expiresAt: number;
  usedAt?: string;
}
export const EmailToken: Entity<EmailToken, Pick<EmailToken, "tokenHash">> = {
  name: "emailToken",
  key: ({ tokenHash }) => ({ pk: `TOKEN#${tokenHash}`, sk: "TOKEN" }),
};

/**
 * The password reset an account is waiting for (R-A8): one at a time, the newest request's, for
 * 30 minutes (TTL), holding the hashes of its two mailed links (to the login and to the
 * recovery address, as they were when asked). A newer request replaces it, and with it the
 * older links; the first link used deletes it, and with it the other.
 */
export interface PasswordReset {
  userId: string;
  requestId: string;
  loginEmail: string;
  loginTokenHash: string;
  recoveryEmail: string;
  recoveryTokenHash: string;
  createdAt: string;
  expiresAt: number;
}
export const PasswordReset: Entity<PasswordReset, Pick<PasswordReset, "userId">> = {
  name: "passwordReset",
  key: ({ userId }) => ({ pk: `USER#${userId}`, sk: "PASSWORD_RESET" }),
};

/**
 * A password reset asked for an address no account has (R-A8), kept 30 minutes: what such a
 * request writes in place of a reset, so that both kinds of request do the same work.
 */
export interface UnknownAddressReset {
  email: string;
  requestId: string;
  createdAt: string;
  expiresAt: number;
}
export const UnknownAddressReset: Entity<UnknownAddressReset, Pick<UnknownAddressReset, "email">> = {
  name: "unknownAddressReset",
  key: ({ email }) => ({ pk: `SIGNIN#${email}`, sk: "PASSWORD_RESET" }),
};

export const organizationTypes = ["individual", "association", "company"] as const;
export const organizationStatuses = ["active", "deleting", "deletion_failed"] as const;

export interface Organization {
  orgId: string;
  name: string;
  type: (typeof organizationTypes)[number];
  postalAddress: PostalAddress;
  phone?: string;
  currency: "CHF" | "EUR";
  /** R-L1: the billing language (invoices, their mails), at first its creator's; absent: English. */
  language?: Language;
  status: (typeof organizationStatuses)[number];
  /** Guard of R-M3: changed in the same transaction as the memberships. */
  legalRepresentativeCount: number;
  memberCount: number;
  productCount: number;
  /** The logo's object in the logo bucket (`logos/<orgId>/<uploadId>.<ext>`, or `<sha256>.<ext>` before uploads were checked apart). */
  logoKey?: string;
  /** The upload that made the logo (`LogoUpload`): a later one replaces it, an earlier one never does. */
  logoUploadId?: string;
  logoSizeBytes?: number;
  /** Optimistic concurrency: the ETag is derived from it. */
  version: number;
  createdAt: string;
  updatedAt: string;
}
export const Organization: Entity<Organization, Pick<Organization, "orgId">> = {
  name: "organization",
  key: ({ orgId }) => ({ pk: `ORG#${orgId}`, sk: "PROFILE" }),
};

export const logoUploadStatuses = ["pending", "accepted", "rejected", "superseded"] as const;

/**
 * One logo upload (R-O4): asked for by a legal representative, who gets a presigned URL for a
 * new object; the logo check sets its outcome once the object is in the bucket, and the
 * organization points to it only if accepted. Kept 30 days (TTL).
 */
export interface LogoUpload {
  orgId: string;
  /** Time-ordered: the newer of two accepted uploads is the logo. */
  uploadId: string;
  objectKey: string;
  contentType: "image/png" | "image/jpeg" | "image/svg+xml";
  sizeBytes: number;
  status: (typeof logoUploadStatuses)[number];
  requestedBy: string;
  requestId?: string;
  sourceIp?: string;
  createdAt: string;
  /** When the upload URL stops working. */
  urlExpiresAt: string;
  checkedAt?: string;
  /** Why it was refused: the code and detail a request with the file itself would have had. */
  problem?: { code: string; detail: string };
  sha256?: string;
  expiresAt: number;
}
export const LogoUpload: Entity<LogoUpload, Pick<LogoUpload, "orgId" | "uploadId">> = {
  name: "logoUpload",
  key: ({ orgId, uploadId }) => ({ pk: `ORG#${orgId}`, sk: `LOGO_UPLOAD#${uploadId}` }),
};

export const roles = ["legal_representative", "administrator", "user"] as const;
export type Role = (typeof roles)[number];

export interface Membership {
  orgId: string;
  userId: string;
  role: Role;
  billingRights: boolean;
  productIds?: string[];
  joinedAt: string;
}
export const Membership: Entity<Membership, Pick<Membership, "orgId" | "userId">> = {
  name: "membership",
  key: ({ orgId, userId }) => ({ pk: `ORG#${orgId}`, sk: `MEMBER#${userId}` }),
  indexKeys: ({ orgId, userId }) =>
    orgId && userId ? { gsi1pk: `USER#${userId}`, gsi1sk: `ORG#${orgId}` } : {},
};
/** An organization's members. */
export const membersOfOrganization = (orgId: string): ItemRange => ({
  partition: `ORG#${orgId}`,
  beginsWith: "MEMBER#",
});
/** A user's memberships (gsi1), one per organization. */
export const membershipsOfUser = (userId: string): ItemRange => ({
  index: "gsi1",
  partition: `USER#${userId}`,
  beginsWith: "ORG#",
});

/** Who changed what, when, from which request; under the user or the organization. */
export interface AuditEntry {
  scope: string;
  at: string;
  entryId: string;
  actorUserId?: string;
  action: string;
  details?: Record<string, unknown>;
  requestId?: string;
  sourceIp?: string;
  /** The table's TTL, for entries kept only a while (an unknown address's failed sign-in). */
  expiresAt?: number;
}
export const AuditEntry: Entity<AuditEntry, Pick<AuditEntry, "scope" | "at" | "entryId">> = {
  name: "audit",
  key: ({ scope, at, entryId }) => ({ pk: scope, sk: `AUDIT#${at}#${entryId}` }),
};
/** The audit log of a scope (`USER#id` or `ORG#id`), in time order. */
export const auditLogOf = (scope: string): ItemRange => ({ partition: scope, beginsWith: "AUDIT#" });
