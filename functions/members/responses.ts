import * as z from "zod/mini";
import { organization } from "#functions/organizations/responses";
import { timestamp } from "#shared/api/responses";
import { memberDataKinds, removalStepNames } from "#shared/organizations/entities";
import { roles } from "#shared/organizations/schemas";
import type { JsonResponse } from "#shared/route-types";

/**
 * `memberView` (`shared/members/members.ts`): a member, their role and rights. The person's
 * names and login email are absent only for an account gone meanwhile.
 */
export const member = z.strictObject({
  userId: z.string(),
  firstName: z.optional(z.string()),
  lastName: z.optional(z.string()),
  loginEmail: z.optional(z.email()),
  role: z.enum(roles),
  billingRights: z.boolean(),
  /** The products a `user` may reach; administrators and legal representatives reach all. */
  productIds: z.array(z.string()),
  joinedAt: timestamp,
});

const memberExample = {
  userId: "dXNlcmdyYWNlaG9w",
  firstName: "Grace",
  lastName: "Hopper",
  loginEmail: "grace@acme.example",
  role: "user",
  billingRights: false,
  productIds: ["cHJvZHVjdGRvbWFp"],
  joinedAt: "2026-12-01T09:00:00.000Z",
};

/** GET /v1/organizations/{orgId}/members. */
export const memberListResponse: JsonResponse = {
  name: "MemberList",
  schema: z.strictObject({ members: z.array(member) }),
  components: { Member: member },
  example: {
    members: [
      {
        userId: "dXNlcmFkYWxvdmVs",
        firstName: "Ada",
        lastName: "Lovelace",
        loginEmail: "ada@acme.example",
        role: "legal_representative",
        billingRights: true,
        productIds: [],
        joinedAt: "2026-11-02T08:15:30.120Z",
      },
      memberExample,
    ],
  },
};

/** PATCH /v1/organizations/{orgId}/members/{userId}: the member after the change. */
export const memberResponse: JsonResponse = {
  name: "Member",
  schema: member,
  example: memberExample,
};

/** `invitationView` (`shared/members/members.ts`). */
export const invitation = z.strictObject({
  invitationId: z.string(),
  email: z.email(),
  role: z.enum(roles),
  billingRights: z.boolean(),
  productIds: z.array(z.string()),
  status: z.enum(["pending", "accepted"]),
  /** The userId of the member who invited. */
  invitedBy: z.string(),
  createdAt: timestamp,
  /** When the mailed link stops working. */
  linkExpiresAt: timestamp,
  acceptedAt: z.optional(timestamp),
});

const invitationExample = {
  invitationId: "aW52aXRhdGlvbjAx",
  email: "grace@acme.example",
  role: "user",
  billingRights: false,
  productIds: ["cHJvZHVjdGRvbWFp"],
  status: "pending",
  invitedBy: "dXNlcmFkYWxvdmVs",
  createdAt: "2026-12-01T09:00:00.000Z",
  linkExpiresAt: "2026-12-08T09:00:00.000Z",
};

/** POST /v1/organizations/{orgId}/invitations: the invitation (its link goes by mail only). */
export const invitationResponse: JsonResponse = {
  name: "Invitation",
  schema: invitation,
  example: invitationExample,
};

/** GET /v1/organizations/{orgId}/invitations: pending and accepted. */
export const invitationListResponse: JsonResponse = {
  name: "InvitationList",
  schema: z.strictObject({ invitations: z.array(invitation) }),
  components: { Invitation: invitation },
  example: {
    invitations: [
      invitationExample,
      {
        ...invitationExample,
        invitationId: "aW52aXRhdGlvbjAy",
        email: "alan@acme.example",
        role: "administrator",
        status: "accepted",
        createdAt: "2026-11-20T10:00:00.000Z",
        linkExpiresAt: "2026-11-27T10:00:00.000Z",
        acceptedAt: "2026-11-21T16:45:12.000Z",
      },
    ],
  },
};

/** POST /v1/invitations/accept: the organization joined and the caller's membership in it. */
export const acceptedInvitationResponse: JsonResponse = {
  name: "AcceptedInvitation",
  schema: z.strictObject({ organization, membership: member }),
  components: { Organization: organization, Member: member },
  example: {
    organization: {
      orgId: "q3V0cXJ5dGVzdElk",
      name: "Acme Sàrl",
      type: "company",
      postalAddress: { line1: "Rue du Marché 12", postalCode: "1204", city: "Genève", country: "CH" },
      currency: "CHF",
      language: "fr",
      status: "active",
      logo: null,
      createdAt: "2026-11-02T08:15:30.120Z",
      updatedAt: "2026-11-02T08:15:30.120Z",
    },
    membership: memberExample,
  },
};

const removalStatus = z.enum(["running", "succeeded", "failed"]);

/** `removalView` (`shared/members/removals.ts`): a member's removal and its workflow, step by step. */
export const memberRemoval = z.strictObject({
  removalId: z.string(),
  /** The member removed. */
  userId: z.string(),
  status: removalStatus,
  /** Each run of the workflow is an attempt; a failed removal asked for again runs a new one. */
  attempt: z.int().check(z.positive()),
  steps: z.array(
    z.strictObject({
      name: z.enum(["start", ...removalStepNames]),
      status: z.enum(["pending", "running", "succeeded", "failed"]),
      detail: z.optional(z.string()),
      at: z.optional(timestamp),
    }),
  ),
  /** One per kind of data the member held. */
  decisions: z.array(
    z.strictObject({
      kind: z.enum(memberDataKinds),
      action: z.enum(["transfer", "delete"]),
      toUserId: z.optional(z.string()),
      status: z.enum(["pending", "done"]),
      /** How many items were transferred or deleted, once done. */
      items: z.optional(z.int().check(z.nonnegative())),
    }),
  ),
  failure: z.optional(z.strictObject({ step: z.string(), reason: z.string(), at: z.optional(timestamp) })),
  requestedBy: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
  completedAt: z.optional(timestamp),
  statusUrl: z.string(),
});

const memberRemovalExample = {
  removalId: "cmVtb3ZhbGlkMDAx",
  userId: "dXNlcmdyYWNlaG9w",
  status: "running",
  attempt: 1,
  steps: [
    { name: "carry-out-decisions", status: "succeeded", at: "2026-12-01T09:00:01.250Z" },
    { name: "remove-membership", status: "running", at: "2026-12-01T09:00:01.400Z" },
    { name: "notify-member", status: "pending" },
  ],
  decisions: [
    { kind: "drive", action: "transfer", toUserId: "dXNlcmFkYWxvdmVs", status: "done", items: 42 },
    { kind: "calendars", action: "delete", status: "done", items: 3 },
  ],
  requestedBy: "dXNlcmFkYWxvdmVs",
  createdAt: "2026-12-01T09:00:00.000Z",
  updatedAt: "2026-12-01T09:00:01.400Z",
  statusUrl: "/v1/organizations/q3V0cXJ5dGVzdElk/members/dXNlcmdyYWNlaG9w/removals/cmVtb3ZhbGlkMDAx",
};

/**
 * POST .../members/{userId}/removals (202, with the status URL as Location; 204 without a body
 * when the member held no data and is gone at once) and GET .../removals/{removalId}.
 */
export const memberRemovalResponse: JsonResponse = {
  name: "MemberRemoval",
  schema: memberRemoval,
  example: memberRemovalExample,
};
