import * as z from "zod/mini";
import { emailSchema } from "#shared/email-address";
import { issueMessage, withIssueMessage } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";
import { memberDataKinds, roles } from "#shared/organizations/schemas";

const productIds = z
  .array(z.string().check(z.trim(), z.minLength(1), z.maxLength(64)))
  .check(z.maxLength(200));

export const invitationSchema = z.strictObject({
  email: emailSchema,
  role: z.enum(roles),
  billingRights: z.boolean(),
  productIds: z.optional(productIds),
});
export type InvitationInput = z.infer<typeof invitationSchema>;

export const acceptInvitationSchema = z.strictObject({
  token: z.string().check(z.minLength(16), z.maxLength(256)),
});

export const memberPatchSchema = z
  .strictObject({
    role: z.optional(z.enum(roles)),
    billingRights: z.optional(z.boolean()),
    productIds: z.optional(productIds),
  })
  .check(
    z.refine((patch) => Object.keys(patch).length > 0, {
      params: issueMessage(texts.memberPatchEmpty),
    }),
  );
export type MemberPatch = z.infer<typeof memberPatchSchema>;

const dataDecision = z.strictObject({
  action: z.enum(["transfer", "delete"]),
  toUserId: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
});

export const removalSchema = z.strictObject({
  password: z.string().check(z.minLength(1), z.maxLength(1024)),
  confirm: withIssueMessage(z.literal(true), texts.removalConfirmationMissing),
  dataDecisions: z.optional(z.partialRecord(z.enum(memberDataKinds), dataDecision)),
});
export type RemovalInput = z.infer<typeof removalSchema>;
