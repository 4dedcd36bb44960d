import { describe, expect, it } from "vitest";
import { routes } from "#functions/routes";
import { grantsOf } from "#shared/function-access";
import { signUp } from "#test/support/accounts";
import { useLocalRuntime } from "#test/support/runtime";

/**
 * Each local function gets only what it declares, as in AWS: its own environment
 * (shared/function-access.ts) and the grants IAM would give it, enforced on its AWS calls.
 */
const local = useLocalRuntime();

const undeclared = {
  name: "fixture-undeclared-access",
  handler: "test/integration/fixtures/undeclared-access.ts",
  access: { table: "read" as const },
  timeoutSeconds: 10,
};

describe("declared access, enforced locally", () => {
  it("refuses a mail from a function that did not declare email: AccessDeniedException, nothing sent", async () => {
    const error = await local.runtime
      .invoke(undeclared, { use: "email", orgId: "x" })
      .catch((thrown) => thrown);
    expect(error).toMatchObject({ name: "AccessDeniedException" });
    expect((error as Error).message).toMatch(/not authorized to perform: ses:SendEmail/);
    // Through the project's mail module it stops even earlier: the function has no sender address.
    const projectMail = await local.runtime
      .invoke(undeclared, { use: "projectEmail", orgId: "x" })
      .catch((thrown) => thrown);
    expect((projectMail as Error).message).toBe("EMAIL_FROM is not set");
    const { mailsTo } = await import("#test/support/runtime");
    expect(await mailsTo(local.runtime, "someone@example.org")).toEqual([]);
  });

  it("refuses a write to the table from a function that declared read, and allows the read", async () => {
    const account = await signUp(local.api);
    const error = await local.runtime
      .invoke(undeclared, { use: "tableWrite", orgId: account.orgId })
      .catch((thrown) => thrown);
    expect(error).toMatchObject({ name: "AccessDeniedException" });
    expect((error as Error).message).toMatch(/dynamodb:UpdateItem on resource: arn:aws:dynamodb:.*:table\//);
    expect(await local.runtime.invoke(undeclared, { use: "tableRead", orgId: account.orgId })).toEqual({
      found: true,
    });
  });

  it("gives a function without table access no TABLE_NAME, and fails its table reads by name", async () => {
    const error = await local.runtime
      .invoke({ ...undeclared, name: "fixture-no-table", access: {} }, { use: "tableRead", orgId: "x" })
      .catch((thrown) => thrown);
    expect((error as Error).message).toBe("TABLE_NAME is not set");
  });

  it("lets the logo read route only read the bucket (IAM and locally)", () => {
    const logoRead = routes.find((route) => route.method === "GET" && route.path.endsWith("/logo"));
    const logoWrite = routes.find((route) => route.method === "PUT" && route.path.endsWith("/logo"));
    const s3Actions = (access: Parameters<typeof grantsOf>[0]) =>
      grantsOf(access).flatMap((grant) => grant.actions.filter((action) => action.startsWith("s3:")));
    expect(logoRead && s3Actions(logoRead.access).sort()).toEqual(["s3:GetObject", "s3:ListBucket"]);
    expect(logoWrite && s3Actions(logoWrite.access).sort()).toEqual([
      "s3:DeleteObject",
      "s3:GetObject",
      "s3:ListBucket",
      "s3:PutObject",
    ]);
  });
});
