import { resendMailRoute } from "#functions/operator/routes";
import { httpHandler } from "#shared/http";
import { resendMail } from "#shared/mail/reconcile";

/** Operators send a failed mail again: pending, which the stream delivers to the mailer. */
export const handler = httpHandler(resendMailRoute, async (request) => ({
  status: 202,
  body: await resendMail(request.params.mailId as string),
}));
