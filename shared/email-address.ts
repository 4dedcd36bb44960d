import * as z from "zod/mini";
import { withIssueMessage } from "#shared/i18n/error-messages";
import * as texts from "#shared/i18n/error-texts";

/** Login identifiers are compared case-insensitively and stored normalised (R-A5). */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export const emailSchema = z.pipe(
  z.string().check(z.trim(), z.maxLength(254)),
  withIssueMessage(z.email(), texts.emailNotValid),
);
