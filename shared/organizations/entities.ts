import { Entity } from "electrodb";
import { entityConfig, key, model } from "#shared/entity-model";
import { type MemberDataKind, memberDataKinds, roles } from "#shared/organizations/schemas";

/**
 * The organization area's own items, beside the core Organization and Membership of
 * `shared/entities.ts`, all under the organization's partition `ORG#<orgId>`. Keys and
 * their costs are listed in `shared/organizations/README.md`.
 */

export { type MemberDataKind, memberDataKinds, roles };

/** An extra billing address of an organization (R-O5). */
export const BillingAddress = new Entity(
  {
    model: model("billingAddress"),
    attributes: {
      orgId: { type: "string", required: true },
      addressId: { type: "string", required: true },
      /** Who invoices are addressed to at this address, e.g. "Accounts payable". */
      recipient: { type: "string" },
      line1: { type: "string", required: true },
      line2: { type: "string" },
      postalCode: { type: "string", required: true },
      city: { type: "string", required: true },
      country: { type: "string", required: true },
      email: { type: "string" },
      createdAt: { type: "string", required: true },
    },
    indexes: {
      byOrg: {
        pk: key("pk", "ORG#${orgId}", ["orgId"]),
        sk: key("sk", "BILLING_ADDRESS#${addressId}", ["addressId"]),
      },
    },
  },
  entityConfig,
);

/**
 * An invitation to join an organization (R-M1). The mailed token itself is an EmailToken
 * (purpose "invitation", `subjectId` = invitationId); this record lets administrators see
 * what is pending and what was accepted.
 */
export const Invitation = new Entity(
  {
    model: model("invitation"),
    attributes: {
      orgId: { type: "string", required: true },
      invitationId: { type: "string", required: true },
      email: { type: "string", required: true },
      role: { type: roles, required: true },
      billingRights: { type: "boolean", required: true },
      productIds: { type: "list", items: { type: "string" } },
      invitedBy: { type: "string", required: true },
      status: { type: ["pending", "accepted"] as const, required: true },
      createdAt: { type: "string", required: true },
      /** When the mailed link stops working (ISO 8601); not a TTL, the record stays. */
      linkExpiresAt: { type: "string", required: true },
      acceptedBy: { type: "string" },
      acceptedAt: { type: "string" },
    },
    indexes: {
      byOrg: {
        pk: key("pk", "ORG#${orgId}", ["orgId"]),
        sk: key("sk", "INVITATION#${invitationId}", ["invitationId"]),
      },
    },
  },
  entityConfig,
);

/**
 * One thing a member holds in the organization (R-M4): a drive, access to another member's
 * mailbox, a calendar, an address book. Kept by the provisioning port's recording adapter,
 * which stands in for the provisioning system that knows them in production.
 */
export const MemberData = new Entity(
  {
    model: model("memberData"),
    attributes: {
      orgId: { type: "string", required: true },
      userId: { type: "string", required: true },
      kind: { type: memberDataKinds, required: true },
      itemId: { type: "string", required: true },
      description: { type: "string", required: true },
      /** Where a transferred item came from. */
      transferredFrom: { type: "string" },
      createdAt: { type: "string", required: true },
    },
    indexes: {
      byMember: {
        pk: key("pk", "ORG#${orgId}", ["orgId"]),
        sk: key("sk", "MEMBER_DATA#${userId}#${kind}#${itemId}", ["userId", "kind", "itemId"]),
      },
    },
  },
  entityConfig,
);

export const removalStepNames = ["carry-out-decisions", "remove-membership", "notify-member"] as const;
export type RemovalStepName = (typeof removalStepNames)[number];

/**
 * The removal of a member who holds data (R-M2, R-M4): the remover's decisions, and the
 * state of the `member-removal` workflow, step by step.
 */
export const MemberRemoval = new Entity(
  {
    model: model("memberRemoval"),
    attributes: {
      orgId: { type: "string", required: true },
      removalId: { type: "string", required: true },
      userId: { type: "string", required: true },
      requestedBy: { type: "string", required: true },
      /** The member's role when the removal was asked for. */
      role: { type: roles, required: true },
      /** `[{kind, action, toUserId?}]`, one per kind the member held. */
      decisions: { type: "any", required: true },
      status: { type: ["running", "succeeded", "failed"] as const, required: true },
      /** `[{name, status, detail?}]`, in workflow order. */
      steps: { type: "any", required: true },
      /** True while this removal holds one of the legal representative count (R-M3). */
      holdsLegalRepresentative: { type: "boolean", required: true },
      failure: { type: "any" },
      executionArn: { type: "string" },
      notifiedAt: { type: "string" },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
      completedAt: { type: "string" },
    },
    indexes: {
      byOrg: {
        pk: key("pk", "ORG#${orgId}", ["orgId"]),
        sk: key("sk", "REMOVAL#${removalId}", ["removalId"]),
      },
    },
  },
  entityConfig,
);

/**
 * At most one removal of a member at a time: created with the removal, deleted when it
 * ends. Membership changes check that it is absent, in their transaction.
 */
export const ActiveRemoval = new Entity(
  {
    model: model("activeRemoval"),
    attributes: {
      orgId: { type: "string", required: true },
      userId: { type: "string", required: true },
      removalId: { type: "string", required: true },
    },
    indexes: {
      byMember: {
        pk: key("pk", "ORG#${orgId}", ["orgId"]),
        sk: key("sk", "ACTIVE_REMOVAL#${userId}", ["userId"]),
      },
    },
  },
  entityConfig,
);

// ---- the items of the provisioning port's recording adapter (shared/ports/provisioning.ts) ----

/** One call to the port, as made: tests and operators read and count them. */
export const ProvisioningCall = new Entity(
  {
    model: model("provisioningCall"),
    attributes: {
      orgId: { type: "string", required: true },
      at: { type: "string", required: true },
      callId: { type: "string", required: true },
      operation: { type: "string", required: true },
      operationId: { type: "string", required: true },
      input: { type: "any" },
      /** `succeeded`, `failed`, or `replayed` (an operation id already done: nothing done again). */
      outcome: { type: ["succeeded", "failed", "replayed"] as const, required: true },
      error: { type: "string" },
    },
    indexes: {
      byOrg: {
        pk: key("pk", "ORG#${orgId}", ["orgId"]),
        sk: key("sk", "PROVISIONING_CALL#${at}#${callId}", ["at", "callId"]),
      },
    },
  },
  entityConfig,
);

/** A done operation and its result, so that a repeated operation id does nothing twice. */
export const ProvisioningResult = new Entity(
  {
    model: model("provisioningResult"),
    attributes: {
      orgId: { type: "string", required: true },
      operationId: { type: "string", required: true },
      items: { type: "number", required: true },
      at: { type: "string", required: true },
    },
    indexes: {
      byOperation: {
        pk: key("pk", "ORG#${orgId}", ["orgId"]),
        sk: key("sk", "PROVISIONING_RESULT#${operationId}", ["operationId"]),
      },
    },
  },
  entityConfig,
);

/**
 * The fault plan: calls of an operation in an organization fail `remaining` more times
 * (-1: always). Set through the adapter's own API, never by a flag in production code.
 */
export const ProvisioningFault = new Entity(
  {
    model: model("provisioningFault"),
    attributes: {
      orgId: { type: "string", required: true },
      operation: { type: "string", required: true },
      remaining: { type: "number", required: true },
      transient: { type: "boolean", required: true },
    },
    indexes: {
      byOperation: {
        pk: key("pk", "ORG#${orgId}", ["orgId"]),
        sk: key("sk", "PROVISIONING_FAULT#${operation}", ["operation"]),
      },
    },
  },
  entityConfig,
);

/** A held operation: its calls wait until the hold is lifted (a slow provisioning system). */
export const ProvisioningHold = new Entity(
  {
    model: model("provisioningHold"),
    attributes: {
      orgId: { type: "string", required: true },
      operation: { type: "string", required: true },
      createdAt: { type: "string", required: true },
    },
    indexes: {
      byOperation: {
        pk: key("pk", "ORG#${orgId}", ["orgId"]),
        sk: key("sk", "PROVISIONING_HOLD#${operation}", ["operation"]),
      },
    },
  },
  entityConfig,
);
