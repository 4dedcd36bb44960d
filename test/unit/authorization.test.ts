import { describe, expect, it } from "vitest";
import { decide, type MembershipRecord, type Need, needs } from "#shared/authorization";

const member = (
  role: MembershipRecord["role"],
  billingRights = false,
  productIds: string[] = [],
): MembershipRecord => ({
  orgId: "o1",
  userId: "u1",
  role,
  billingRights,
  productIds,
});

const callers: Record<string, MembershipRecord | undefined> = {
  "legal representative": member("legal_representative", true),
  administrator: member("administrator"),
  "user with product p1": member("user", false, ["p1"]),
  "user without products": member("user"),
  "user with billing rights": member("user", true),
  "not a member": undefined,
};

const cases: [Need, Record<string, number | "ok">][] = [
  [
    needs.member,
    {
      "legal representative": "ok",
      administrator: "ok",
      "user with product p1": "ok",
      "user without products": "ok",
      "user with billing rights": "ok",
      "not a member": 404,
    },
  ],
  [
    needs.administrator,
    {
      "legal representative": "ok",
      administrator: "ok",
      "user with product p1": 403,
      "user without products": 403,
      "user with billing rights": 403,
      "not a member": 404,
    },
  ],
  [
    needs.legalRepresentative,
    {
      "legal representative": "ok",
      administrator: 403,
      "user with product p1": 403,
      "user without products": 403,
      "user with billing rights": 403,
      "not a member": 404,
    },
  ],
  [
    needs.billing,
    {
      "legal representative": "ok",
      administrator: 403,
      "user with product p1": 403,
      "user without products": 403,
      "user with billing rights": "ok",
      "not a member": 404,
    },
  ],
  [
    needs.product("p1"),
    {
      "legal representative": "ok",
      administrator: "ok",
      "user with product p1": "ok",
      "user without products": 403,
      "user with billing rights": 403,
      "not a member": 404,
    },
  ],
];

describe("the authorization decision", () => {
  for (const [need, expected] of cases) {
    for (const [caller, outcome] of Object.entries(expected)) {
      it(`R-M1 R-M5 R-O4 ${need.kind}: ${caller} -> ${outcome}`, () => {
        const refusal = decide(callers[caller], need);
        expect(refusal?.status ?? "ok").toBe(outcome);
      });
    }
  }

  it("R-O4 names the missing right in the code", () => {
    expect(decide(member("administrator"), needs.legalRepresentative)?.code).toBe(
      "LEGAL_REPRESENTATIVE_REQUIRED",
    );
    expect(decide(member("user"), needs.billing)?.code).toBe("BILLING_RIGHTS_REQUIRED");
    expect(decide(member("user"), needs.product("p2"))?.code).toBe("PRODUCT_ACCESS_REQUIRED");
  });
});
