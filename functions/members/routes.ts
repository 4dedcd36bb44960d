import {
  acceptedInvitationResponse,
  invitationListResponse,
  invitationResponse,
  memberListResponse,
  memberRemovalResponse,
  memberResponse,
} from "#functions/members/responses";
import {
  acceptInvitationSchema,
  invitationSchema,
  memberPatchSchema,
  removalSchema,
} from "#shared/members/schemas";
import { route } from "#shared/route-types";

export const listMembersRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations/{orgId}/members",
  handler: "functions/members/list-members.ts",
  auth: "user",
  summary: "The members, their roles and rights",
  successStatus: 200,
  response: memberListResponse,
  access: { table: "read" },
});

export const listInvitationsRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations/{orgId}/invitations",
  handler: "functions/members/list-invitations.ts",
  auth: "user",
  summary: "The invitations, pending and accepted (administrators)",
  successStatus: 200,
  response: invitationListResponse,
  access: { table: "read" },
});

export const inviteRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/organizations/{orgId}/invitations",
  handler: "functions/members/invite.ts",
  auth: "user",
  freshSession: true,
  summary: "Invite someone by email with a role, billing rights and product access; mails a single-use link",
  successStatus: 201,
  response: invitationResponse,
  body: invitationSchema,
  access: { table: "readWrite" },
});

export const acceptInvitationRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/invitations/accept",
  handler: "functions/members/accept-invitation.ts",
  auth: "user",
  summary: "Accept an invitation, signed in with the invited email",
  successStatus: 200,
  response: acceptedInvitationResponse,
  body: acceptInvitationSchema,
  access: { table: "readWrite" },
});

export const updateMemberRoute = /* @__PURE__ */ route({
  method: "PATCH",
  path: "/v1/organizations/{orgId}/members/{userId}",
  handler: "functions/members/update-member.ts",
  auth: "user",
  freshSession: true,
  summary: "Change a member's role, billing rights or product access",
  successStatus: 200,
  response: memberResponse,
  body: memberPatchSchema,
  access: { table: "readWrite" },
});

export const requestRemovalRoute = /* @__PURE__ */ route({
  method: "POST",
  path: "/v1/organizations/{orgId}/members/{userId}/removals",
  handler: "functions/members/request-removal.ts",
  passwordHashing: true,
  auth: "user",
  freshSession: true,
  summary: "Remove a member: password, confirmation and a decision per kind of data held",
  successStatus: 202,
  response: memberRemovalResponse,
  // A member who holds no data is removed at once: nothing to run, nothing to answer.
  emptyStatuses: [204],
  body: removalSchema,
  access: { table: "readWrite", workflows: ["member-removal"] },
});

export const readRemovalRoute = /* @__PURE__ */ route({
  method: "GET",
  path: "/v1/organizations/{orgId}/members/{userId}/removals/{removalId}",
  handler: "functions/members/read-removal.ts",
  auth: "user",
  summary: "A removal's status, step by step (the remover and administrators)",
  successStatus: 200,
  response: memberRemovalResponse,
  access: { table: "read" },
});

export const memberRoutes = [
  listMembersRoute,
  listInvitationsRoute,
  inviteRoute,
  acceptInvitationRoute,
  updateMemberRoute,
  requestRemovalRoute,
  readRemovalRoute,
];
