import { authorize, decide, type MembershipRecord, type Need, needs } from "#shared/authorization";

/**
 * Who may do what with money, beyond `authorize`'s single need:
 * - ordering creates products, so it needs an administrator or a legal representative; paying
 *   the order from the prepaid balance also spends money, so it needs billing rights too;
 * - invoices and the prepaid account need billing rights (R-M1);
 * - a withdrawal sends the balance out to an IBAN named in the request, so it needs billing
 *   rights AND a legal representative: the organization's owner decides where its money goes.
 */
export async function authorizeAll(userId: string, orgId: string, ...all: [Need, ...Need[]]) {
  const membership: MembershipRecord = await authorize(userId, orgId, all[0]);
  for (const need of all.slice(1)) {
    const refusal = decide(membership, need);
    if (refusal) throw refusal;
  }
  return membership;
}

export const orderNeeds = (paymentMethod: string): [Need, ...Need[]] =>
  paymentMethod === "prepaid" ? [needs.administrator, needs.billing] : [needs.administrator];

export const withdrawalNeeds: [Need, ...Need[]] = [needs.billing, needs.legalRepresentative];
