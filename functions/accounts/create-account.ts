import { createAccountRoute } from "#functions/accounts/routes";
import { sessionForReplay, signUp } from "#shared/accounts/accounts";
import { signUpFromInvitation } from "#shared/accounts/invited-sign-up";
import { currencyForCountry } from "#shared/currency";
import { DomainError } from "#shared/errors";
import { type HttpResult, httpHandler } from "#shared/http";
import { requestedLanguage } from "#shared/i18n/languages";
import { idempotent, newOperationId } from "#shared/idempotency";
import { checkFirstOrder, placedOrderView, placeOrder } from "#shared/orders/orders";
import { enforceRateLimits } from "#shared/rate-limits";

/**
 * Sign-up, with an optional first order (R-O1). The order is validated and priced before
 * anything is written, so a refused order (bad cart, unknown or inapplicable code, free
 * offer, prepaid) answers its error and creates no account. Then the account, then the
 * order for the new organization. Only a race between the two (a code redeemed to its limit
 * meanwhile) can refuse the order after the account exists: the account stays (the person
 * can sign in and order again) and the answer is still 201, with `orderRefusal` instead of
 * `order`, so the client knows both facts.
 */
type SignUpAnswer = { user: { userId: string }; token?: string; expiresAt?: string } & Record<
  string,
  unknown
>;

export const handler = httpHandler(
  createAccountRoute,
  idempotent(
    createAccountRoute,
    async ({ body, requestId, sourceIp, headers }) => {
      const { order, organization, loginEmail, invitationToken, language: bodyLanguage, ...person } = body;
      const origin = { requestId, sourceIp };
      // R-L1: the body's language, else the request's Accept-Language, else English.
      const language = bodyLanguage ?? requestedLanguage({ headers });
      if (invitationToken !== undefined) {
        // R-M7: a mailed token is tried, so it counts as a public confirmation too (R-A9).
        await enforceRateLimits([
          { limit: "signUpPerClient", subject: sourceIp },
          { limit: "confirmationPerClient", subject: sourceIp },
        ]);
        const account = await signUpFromInvitation({ ...person, invitationToken, language }, origin);
        const { sessionId: _sessionId, ...answer } = account;
        return { status: 201, body: answer, headers: { location: "/v1/me" } };
      }
      // The schema lets neither be missing without an invitation.
      if (!organization || !loginEmail) throw new Error("sign-up body without organization or login email");
      // Each sign-up hashes a password and mails a welcome: limited per client address (R-A9).
      await enforceRateLimits([
        { limit: "signUpPerClient", subject: sourceIp },
        { limit: "mailPerTarget", subject: loginEmail },
      ]);
      if (order) await checkFirstOrder(order, currencyForCountry(organization.postalAddress.country));
      const account = await signUp({ ...person, loginEmail, organization, language }, origin);
      const answer = {
        user: account.user,
        organization: account.organization,
        token: account.token,
        expiresAt: account.expiresAt,
      };
      if (!order) return { status: 201, body: answer, headers: { location: "/v1/me" } };
      try {
        const placed = await placeOrder({
          orgId: account.organization.orgId,
          userId: account.user.userId,
          orderId: newOperationId(),
          body: order,
          origin,
        });
        return {
          status: 201,
          body: { ...answer, ...placedOrderView(placed) },
          headers: { location: "/v1/me" },
        };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const orderRefusal = {
          status: error.status,
          code: error.code,
          detail: error.detail,
          ...error.extensions,
        };
        return { status: 201, body: { ...answer, orderRefusal }, headers: { location: "/v1/me" } };
      }
    },
    {
      // The same sign-up again (same key, same body, password included) answers the same account
      // with a new session: the first answer's token is not kept in the table.
      kept: (response: HttpResult) => {
        const { token: _token, expiresAt: _expiresAt, ...rest } = response.body as SignUpAnswer;
        return { ...response, body: rest };
      },
      replayed: async (kept: HttpResult) => {
        const body = kept.body as SignUpAnswer;
        return { ...kept, body: { ...body, ...(await sessionForReplay(body.user.userId, {})) } };
      },
    },
  ),
);
