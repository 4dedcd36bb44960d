import { z } from "zod";
import { emailSchema } from "#shared/email-address";
import { memberDataKinds, roles } from "#shared/organizations/schemas";

const productIds = z.array(z.string().trim().min(1).max(64)).max(200);

export const invitationSchema = z.strictObject({
  email: emailSchema,
  role: z.enum(roles),
  billingRights: z.boolean(),
  productIds: productIds.optional(),
});
export type InvitationInput = z.infer<typeof invitationSchema>;

export const acceptInvitationSchema = z.strictObject({ token: z.string().min(16).max(256) });

export const memberPatchSchema = z
  .strictObject({
    role: z.enum(roles).optional(),
    billingRights: z.boolean().optional(),
    productIds: productIds.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, {
    message: "Send at least one of role, billingRights, productIds.",
  });
export type MemberPatch = z.infer<typeof memberPatchSchema>;

const dataDecision = z.strictObject({
  action: z.enum(["transfer", "delete"]),
  toUserId: z.string().trim().min(1).max(64).optional(),
});

export const removalSchema = z.strictObject({
  password: z.string().min(1).max(1024),
  confirm: z.literal(true, { message: "Confirm the removal with `confirm: true`." }),
  dataDecisions: z.partialRecord(z.enum(memberDataKinds), dataDecision).optional(),
});
export type RemovalInput = z.infer<typeof removalSchema>;
