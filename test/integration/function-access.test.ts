import { describe, expect, it } from "vitest";
import { logoCheck } from "#functions/organizations/logo-check";
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

  it("gives the logo routes only what their presigned URLs are signed with, and the logo check read and delete", () => {
    const route = (method: string, suffix: string) =>
      routes.find((each) => each.method === method && each.path.endsWith(suffix));
    const s3Actions = (access: Parameters<typeof grantsOf>[0] | undefined) =>
      access
        ? grantsOf(access)
            .flatMap((grant) => grant.actions.filter((action) => action.startsWith("s3:")))
            .sort()
        : undefined;
    // A presigned URL is allowed by its signer's permission: the signing function holds it and calls nothing.
    expect(s3Actions(route("PUT", "/logo")?.access)).toEqual(["s3:PutObject"]);
    expect(s3Actions(route("GET", "/logo")?.access)).toEqual(["s3:GetObject"]);
    expect(s3Actions(route("GET", "/logo/uploads/{uploadId}")?.access)).toEqual([]);
    expect(s3Actions(logoCheck.access)).toEqual(["s3:DeleteObject", "s3:GetObject", "s3:ListBucket"]);
  });
});
