import { createAccountWorkflowsClient } from "@hosting-account-workflows/client";

/**
 * What a web client on the portal's origin does, through the typed client (client/) and the
 * browser's own CORS checks: every header it sends or reads must be allowed or exposed by the
 * API. Bundled for the page by the CORS browser test; the results are shown as text.
 */
export async function portalChecks(api: string): Promise<Record<string, string>> {
  const results: Record<string, string> = {};
  let token: string | undefined;
  const client = createAccountWorkflowsClient({ baseUrl: api, token: () => token });
  const address = { line1: "Rue du Lac 1", postalCode: "1200", city: "Genève", country: "CH" };
  const email = `browser-${crypto.randomUUID()}@example.org`;
  const signUp = await client.POST("/v1/accounts", {
    body: {
      firstName: "Ada",
      lastName: "Browser",
      loginEmail: email,
      recoveryEmail: `recovery-${email}`,
      password: "Correct-Horse-Battery-9",
      organization: { type: "individual", postalAddress: address },
    },
  });
  results.signup = String(signUp.response.status);
  if (!signUp.data) throw new Error(`sign-up refused: ${JSON.stringify(signUp.error)}`);
  token = signUp.data.token;
  const orgId = signUp.data.organization?.orgId ?? "";
  const read = await client.GET("/v1/organizations/{orgId}", { params: { path: { orgId } } });
  const etag = read.response.headers.get("etag");
  results.etag = etag ?? "(not readable)";
  const patched = await client.PATCH("/v1/organizations/{orgId}", {
    params: { path: { orgId } },
    headers: { "if-match": etag ?? "", "idempotency-key": crypto.randomUUID() },
    body: { phone: "+41 22 555 01 01" },
  });
  results.patch = `${patched.response.status} ${patched.data?.phone}`;
  results["patch-etag"] = patched.response.headers.get("etag") ?? "(not readable)";
  const created = await client.POST("/v1/organizations", {
    headers: { "idempotency-key": crypto.randomUUID() },
    body: { type: "company", name: "Browser SA", postalAddress: address },
  });
  results.create = String(created.response.status);
  results.location = created.response.headers.get("location") ?? "(not readable)";
  token = undefined;
  const anonymous = await client.GET("/v1/me");
  results.problem = `${anonymous.response.status} ${anonymous.response.headers.get("content-type")} ${anonymous.error?.code}`;
  results["request-id"] = anonymous.response.headers.get("x-request-id") ? "readable" : "(not readable)";
  // A 429 with Retry-After: the sixth password reset asked for one address within the hour
  // (passwordResetPerAddress: five), on an address nobody has.
  const resetFor = `nobody-${crypto.randomUUID()}@example.org`;
  let limited: Response | undefined;
  for (let attempt = 0; attempt < 6 && !limited; attempt++) {
    const reset = await client.POST("/v1/password-resets", { body: { email: resetFor } });
    if (reset.response.status === 429) limited = reset.response;
  }
  results.limited = limited
    ? `${limited.status} ${limited.headers.get("retry-after") ?? "(no Retry-After)"}`
    : "never";
  // Each exposed header as the page reads it from a real answer that carries it (null: the
  // browser hid it): etag, location, retry-after, x-request-id.
  const readable = (response: Response | undefined, name: string) => response?.headers.get(name) ?? null;
  results.exposed = JSON.stringify({
    etag: readable(read.response, "etag"),
    location: readable(created.response, "location"),
    "retry-after": readable(limited, "retry-after"),
    "x-request-id": readable(anonymous.response, "x-request-id"),
  });
  return results;
}
