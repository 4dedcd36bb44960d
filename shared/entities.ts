import { Entity, Service } from "electrodb";
import { entityConfig, key, model } from "#shared/entity-model";

/**
 * The single table's entities. Keys keep the readable shapes of DESIGN.md
 * (`USER#id / PROFILE`, `ORG#id / MEMBER#userId`...) through ElectroDB templates, with
 * `casing: "none"` so identifiers keep their case. Access patterns and their cost are
 * listed in docs/data-model.md.
 */

export const postalAddressAttribute = {
  type: "map",
  properties: {
    line1: { type: "string", required: true },
    line2: { type: "string" },
    postalCode: { type: "string", required: true },
    city: { type: "string", required: true },
    country: { type: "string", required: true },
  },
} as const;

export const User = new Entity(
  {
    model: model("user"),
    attributes: {
      userId: { type: "string", required: true },
      firstName: { type: "string", required: true },
      lastName: { type: "string", required: true },
      loginEmail: { type: "string", required: true },
      recoveryEmail: { type: "string", required: true },
      passwordHash: { type: "string", required: true },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      byId: { pk: key("pk", "USER#${userId}", ["userId"]), sk: key("sk", "PROFILE", []) },
    },
  },
  entityConfig,
);

/** Uniqueness guard of a login email (R-A5): one item per normalised address. */
export const LoginEmail = new Entity(
  {
    model: model("loginEmail"),
    attributes: {
      email: { type: "string", required: true },
      userId: { type: "string", required: true },
    },
    indexes: {
      byEmail: { pk: key("pk", "EMAIL#${email}", ["email"]), sk: key("sk", "EMAIL", []) },
    },
  },
  entityConfig,
);

/** Failed sign-ins per normalised email, known or not, so a lockout reveals nothing (R-A6). */
export const SignInThrottle = new Entity(
  {
    model: model("signInThrottle"),
    attributes: {
      email: { type: "string", required: true },
      failures: { type: "number", required: true },
      lockedUntil: { type: "number" },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      byEmail: { pk: key("pk", "SIGNIN#${email}", ["email"]), sk: key("sk", "THROTTLE", []) },
    },
  },
  entityConfig,
);

export const Session = new Entity(
  {
    model: model("session"),
    attributes: {
      sessionId: { type: "string", required: true },
      userId: { type: "string", required: true },
      createdAt: { type: "string", required: true },
      expiresAt: { type: "number", required: true },
      revokedAt: { type: "string" },
      sourceIp: { type: "string" },
    },
    indexes: {
      byId: { pk: key("pk", "SESSION#${sessionId}", ["sessionId"]), sk: key("sk", "SESSION", []) },
      byUser: {
        index: "gsi1",
        pk: key("gsi1pk", "USER#${userId}", ["userId"]),
        sk: key("gsi1sk", "SESSION#${sessionId}", ["sessionId"]),
      },
    },
  },
  entityConfig,
);

/**
 * A single-use, expiring token sent by mail (login email change, invitation, termination).
 * Only the SHA-256 of the token is stored; `usedAt` makes it single-use.
 */
export const EmailToken = new Entity(
  {
    model: model("emailToken"),
    attributes: {
      tokenHash: { type: "string", required: true },
      purpose: { type: ["login-email-change", "invitation", "termination"] as const, required: true },
      userId: { type: "string" },
      orgId: { type: "string" },
      subjectId: { type: "string" },
      email: { type: "string" },
      data: { type: "any" },
      createdAt: { type: "string", required: true },
      expiresAt: { type: "number", required: true },
      usedAt: { type: "string" },
    },
    indexes: {
      byHash: { pk: key("pk", "TOKEN#${tokenHash}", ["tokenHash"]), sk: key("sk", "TOKEN", []) },
    },
  },
  entityConfig,
);

export const Organization = new Entity(
  {
    model: model("organization"),
    attributes: {
      orgId: { type: "string", required: true },
      name: { type: "string", required: true },
      type: { type: ["individual", "association", "company"] as const, required: true },
      postalAddress: postalAddressAttribute,
      phone: { type: "string" },
      currency: { type: ["CHF", "EUR"] as const, required: true },
      status: { type: ["active", "deleting", "deletion_failed"] as const, required: true },
      /** Guard of R-M3: changed in the same transaction as the memberships. */
      legalRepresentativeCount: { type: "number", required: true },
      memberCount: { type: "number", required: true },
      productCount: { type: "number", required: true },
      logoKey: { type: "string" },
      /** Optimistic concurrency: the ETag is derived from it. */
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      byId: { pk: key("pk", "ORG#${orgId}", ["orgId"]), sk: key("sk", "PROFILE", []) },
    },
  },
  entityConfig,
);

export const Membership = new Entity(
  {
    model: model("membership"),
    attributes: {
      orgId: { type: "string", required: true },
      userId: { type: "string", required: true },
      role: { type: ["legal_representative", "administrator", "user"] as const, required: true },
      billingRights: { type: "boolean", required: true },
      productIds: { type: "list", items: { type: "string" } },
      joinedAt: { type: "string", required: true },
    },
    indexes: {
      byOrg: { pk: key("pk", "ORG#${orgId}", ["orgId"]), sk: key("sk", "MEMBER#${userId}", ["userId"]) },
      byUser: {
        index: "gsi1",
        pk: key("gsi1pk", "USER#${userId}", ["userId"]),
        sk: key("gsi1sk", "ORG#${orgId}", ["orgId"]),
      },
    },
  },
  entityConfig,
);

/** Who changed what, when, from which request; under the user or the organization. */
export const AuditEntry = new Entity(
  {
    model: model("audit"),
    attributes: {
      scope: { type: "string", required: true },
      at: { type: "string", required: true },
      entryId: { type: "string", required: true },
      actorUserId: { type: "string" },
      action: { type: "string", required: true },
      details: { type: "any" },
      requestId: { type: "string" },
      sourceIp: { type: "string" },
    },
    indexes: {
      byScope: {
        pk: key("pk", "${scope}", ["scope"]),
        sk: key("sk", "AUDIT#${at}#${entryId}", ["at", "entryId"]),
      },
    },
  },
  entityConfig,
);

export const accounts = new Service({
  User,
  LoginEmail,
  SignInThrottle,
  Session,
  EmailToken,
  Organization,
  Membership,
  AuditEntry,
});
