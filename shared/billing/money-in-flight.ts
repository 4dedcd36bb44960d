import {
  intentsOfOrganization,
  PaymentIntent,
  PrepaidAccount,
  Withdrawal,
  withdrawalsOf,
} from "#shared/billing/entities";
import { getItem, queryAll, queryItems } from "#shared/entity/reads";

/**
 * Money the organization's partition still holds or waits for (R-D1, R-$2): a balance, a charge
 * in flight (an intent not closed) or a withdrawal not paid out. The deletion's last step refuses
 * to delete the partition while any is there, and is retried.
 */
export async function moneyInFlight(orgId: string): Promise<string[]> {
  const [account, intents, withdrawals] = await Promise.all([
    getItem(PrepaidAccount, { orgId }, { consistent: true }),
    queryItems(PaymentIntent, intentsOfOrganization(orgId, "pending"), { limit: 1 }),
    queryAll(Withdrawal, withdrawalsOf(orgId), { consistent: true }),
  ]);
  return [
    ...(account && account.balance > 0 ? [`a prepaid balance of ${account.balance}`] : []),
    ...(intents.items.length ? ["a card payment in flight"] : []),
    ...(withdrawals.some((withdrawal) => withdrawal.status === "requested")
      ? ["a withdrawal not paid out"]
      : []),
  ];
}
