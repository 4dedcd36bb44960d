import type { Role } from "#shared/entities";
import type { Entity } from "#shared/entity";
import type { ItemRange } from "#shared/entity/reads";
import type { MemberDataKind } from "#shared/organizations/schemas";

/**
 * The organization area's own items, beside the core Organization and Membership of
 * `shared/entities.ts`, all under the organization's partition `ORG#<orgId>`. Keys and
 * their costs are listed in `shared/organizations/README.md`.
 */

export { type MemberDataKind, memberDataKinds, roles } from "#shared/organizations/schemas";

/** An extra billing address of an organization (R-O5). */
export interface BillingAddress {
  orgId: string;
  addressId: string;
  /** Who invoices are addressed to at this address, e.g. "Accounts payable". */
  recipient?: string;
  line1: string;
  line2?: string;
  postalCode: string;
  city: string;
  country: string;
  email?: string;
  createdAt: string;
}
export const BillingAddress: Entity<BillingAddress, Pick<BillingAddress, "orgId" | "addressId">> = {
  name: "billingAddress",
  key: ({ orgId, addressId }) => ({ pk: `ORG#${orgId}`, sk: `BILLING_ADDRESS#${addressId}` }),
};
export const billingAddressesOf = (orgId: string): ItemRange => ({
  partition: `ORG#${orgId}`,
  beginsWith: "BILLING_ADDRESS#",
});

/**
 * An invitation to join an organization (R-M1). The mailed token itself is an EmailToken
 * (purpose "invitation", `subjectId` = invitationId); this record lets administrators see
 * what is pending and what was accepted.
 */
export interface Invitation {
  orgId: string;
  invitationId: string;
  email: string;
  role: Role;
  billingRights: boolean;
  productIds?: string[];
  invitedBy: string;
  status: "pending" | "accepted";
  createdAt: string;
  /** When the mailed link stops working (ISO 8601); not a TTL, the record stays. */
  linkExpiresAt: string;
  acceptedBy?: string;
  acceptedAt?: string;
}
export const Invitation: Entity<Invitation, Pick<Invitation, "orgId" | "invitationId">> = {
  name: "invitation",
  key: ({ orgId, invitationId }) => ({ pk: `ORG#${orgId}`, sk: `INVITATION#${invitationId}` }),
};
export const invitationsOf = (orgId: string): ItemRange => ({
  partition: `ORG#${orgId}`,
  beginsWith: "INVITATION#",
});

/**
 * One thing a member holds in the organization (R-M4): a drive, access to another member's
 * mailbox, a calendar, an address book. Kept by the provisioning port's recording adapter,
 * which stands in for the provisioning system that knows them in production.
 */
export interface MemberData {
  orgId: string;
  userId: string;
  kind: MemberDataKind;
  itemId: string;
  description: string;
  /** Where a transferred item came from. */
  transferredFrom?: string;
  createdAt: string;
}
export const MemberData: Entity<MemberData, Pick<MemberData, "orgId" | "userId" | "kind" | "itemId">> = {
  name: "memberData",
  key: ({ orgId, userId, kind, itemId }) => ({
    pk: `ORG#${orgId}`,
    sk: `MEMBER_DATA#${userId}#${kind}#${itemId}`,
  }),
};
/** What a member holds, of one kind or of every kind. */
export const memberDataOf = (orgId: string, userId: string, kind?: MemberDataKind): ItemRange => ({
  partition: `ORG#${orgId}`,
  beginsWith: kind ? `MEMBER_DATA#${userId}#${kind}#` : `MEMBER_DATA#${userId}#`,
});

export const removalStepNames = ["carry-out-decisions", "remove-membership", "notify-member"] as const;
export type RemovalStepName = (typeof removalStepNames)[number];

/** The remover's decision for one kind of data the member held, and how far it was carried out. */
export interface RemovalDecision {
  kind: MemberDataKind;
  action: "transfer" | "delete";
  toUserId?: string;
  status: "pending" | "done";
  items?: number;
}
export interface RemovalStep {
  name: RemovalStepName | "start";
  status: "pending" | "running" | "succeeded" | "failed";
  detail?: string;
  at?: string;
}

/**
 * The removal of a member who holds data (R-M2, R-M4): the remover's decisions, and the
 * state of the `member-removal` workflow, step by step.
 */
export interface MemberRemoval {
  orgId: string;
  removalId: string;
  userId: string;
  requestedBy: string;
  /** The member's role when the removal was asked for. */
  role: Role;
  /** One per kind the member held. */
  decisions: RemovalDecision[];
  status: "running" | "succeeded" | "failed";
  /** In workflow order. */
  steps: RemovalStep[];
  /** True while this removal holds one of the legal representative count (R-M3). */
  holdsLegalRepresentative: boolean;
  failure?: { step: string; reason: string; at?: string };
  /**
   * Each run of the workflow is an attempt, with an execution of its own: the first is named
   * after the removal, the next ones `<removalId>-attempt-<n>`. Absent: the first.
   */
  attempt?: number;
  /** The current attempt's execution. */
  executionArn?: string;
  notifiedAt?: string;
  createdAt: string;
  updatedAt: string;
  completedAt?: string;
}
/** The member-removal state machine's name. */
export const memberRemovalWorkflow = "member-removal";
/** gsi2's partition per status: running removals, failed ones (for operators), finished ones. */
const removalStatusIndex = { running: "RUNNING", failed: "FAILED", succeeded: "DONE" } as const;
/**
 * gsi2 (sparse, time-ordered): `gsi2pk` is `RUNNING#member-removal` while the removal runs
 * (`FAILED#...` once failed, `DONE#...` once done), `gsi2sk` its `updatedAt`. Every write that
 * sets `status` sets `updatedAt` too, and each step's progress sets `updatedAt`, so a running
 * removal whose `gsi2sk` is old has made no progress since: what the reconciler looks for
 * (`shared/members/reconcile.ts`).
 */
export const MemberRemoval: Entity<MemberRemoval, Pick<MemberRemoval, "orgId" | "removalId">> = {
  name: "memberRemoval",
  key: ({ orgId, removalId }) => ({ pk: `ORG#${orgId}`, sk: `REMOVAL#${removalId}` }),
  indexKeys: ({ status, updatedAt }) => ({
    ...(status ? { gsi2pk: `${removalStatusIndex[status]}#${memberRemovalWorkflow}` } : {}),
    ...(updatedAt ? { gsi2sk: updatedAt } : {}),
  }),
};
/** Removals in a status whose last progress (`updatedAt`) is at most `updatedBy` (gsi2), oldest first. */
export const removalsIn = (status: MemberRemoval["status"], updatedBy: string): ItemRange => ({
  index: "gsi2",
  partition: `${removalStatusIndex[status]}#${memberRemovalWorkflow}`,
  lte: updatedBy,
});

/**
 * At most one removal of a member at a time: created with the removal, deleted when it
 * ends. Membership changes check that it is absent, in their transaction.
 */
export interface ActiveRemoval {
  orgId: string;
  userId: string;
  removalId: string;
}
export const ActiveRemoval: Entity<ActiveRemoval, Pick<ActiveRemoval, "orgId" | "userId">> = {
  name: "activeRemoval",
  key: ({ orgId, userId }) => ({ pk: `ORG#${orgId}`, sk: `ACTIVE_REMOVAL#${userId}` }),
};

// ---- the items of the provisioning port's recording adapter (shared/ports/provisioning.ts) ----

/** One call to the port, as made: tests and operators read and count them. */
export interface ProvisioningCall {
  orgId: string;
  at: string;
  callId: string;
  operation: string;
  operationId: string;
  input?: unknown;
  /** `succeeded`, `failed`, or `replayed` (an operation id already done: nothing done again). */
  outcome: "succeeded" | "failed" | "replayed";
  error?: string;
}
export const ProvisioningCall: Entity<ProvisioningCall, Pick<ProvisioningCall, "orgId" | "at" | "callId">> = {
  name: "provisioningCall",
  key: ({ orgId, at, callId }) => ({ pk: `ORG#${orgId}`, sk: `PROVISIONING_CALL#${at}#${callId}` }),
};
export const provisioningCallsOf = (orgId: string): ItemRange => ({
  partition: `ORG#${orgId}`,
  beginsWith: "PROVISIONING_CALL#",
});

/** A done operation and its result, so that a repeated operation id does nothing twice. */
export interface ProvisioningResult {
  orgId: string;
  operationId: string;
  items: number;
  at: string;
}
export const ProvisioningResult: Entity<
  ProvisioningResult,
  Pick<ProvisioningResult, "orgId" | "operationId">
> = {
  name: "provisioningResult",
  key: ({ orgId, operationId }) => ({ pk: `ORG#${orgId}`, sk: `PROVISIONING_RESULT#${operationId}` }),
};

/**
 * The fault plan: calls of an operation in an organization fail `remaining` more times
 * (-1: always). Set through the adapter's own API, never by a flag in production code.
 */
export interface ProvisioningFault {
  orgId: string;
  operation: string;
  remaining: number;
  transient: boolean;
}
export const ProvisioningFault: Entity<ProvisioningFault, Pick<ProvisioningFault, "orgId" | "operation">> = {
  name: "provisioningFault",
  key: ({ orgId, operation }) => ({ pk: `ORG#${orgId}`, sk: `PROVISIONING_FAULT#${operation}` }),
};

/** A held operation: its calls wait until the hold is lifted (a slow provisioning system). */
export interface ProvisioningHold {
  orgId: string;
  operation: string;
  createdAt: string;
}
export const ProvisioningHold: Entity<ProvisioningHold, Pick<ProvisioningHold, "orgId" | "operation">> = {
  name: "provisioningHold",
  key: ({ orgId, operation }) => ({ pk: `ORG#${orgId}`, sk: `PROVISIONING_HOLD#${operation}` }),
};
