import { join } from "node:path";
import { Stack } from "aws-cdk-lib";
import { build, type Plugin } from "esbuild";
import { describe, expect, it } from "vitest";
import { routes } from "#functions/routes";
import { hashingPlan, hashingRouteCapacity, measuredPasswordHash } from "#infra/capacity";
import type { ProjectFunction } from "#infra/constructs/function";
import { BackendStack } from "#infra/stack";
import { publicRouteLimits, reservedConcurrencyTotal } from "#infra/throttles";
import { routeKey } from "#shared/route-types";
import { cachedTemplate, logicalId, prodContext, projectStack, testApp } from "./fixtures/stack";

const root = join(import.meta.dirname, "../..");

/** Each function's properties, from each stack's template made once (making one is the slow part). */
function propertiesOfFunctions(stack: BackendStack) {
  const templates = new Map(
    stack.stacks.map((each) => [each, cachedTemplate(each).toJSON().Resources as Record<string, unknown>]),
  );
  return (fn: ProjectFunction) => {
    const resource = templates.get(Stack.of(fn))?.[logicalId(fn)] as
      | { Properties: Record<string, unknown> }
      | undefined;
    if (!resource) throw new Error(`no resource for ${fn.node.path}`);
    return resource.Properties;
  };
}

describe("password-hashing capacity", () => {
  it("takes the smallest memory whose CPU share keeps a hash's p99 within a second", () => {
    // 400 ms on a whole vCPU: 512 MB (29 %) would take 1.38 s, 1,024 MB (58 %) 691 ms.
    expect(hashingPlan({ p99Ms: 400 })).toEqual({
      memorySizeMb: 1024,
      hashP99Ms: (400 * 1769) / 1024,
      meetsGoal: true,
    });
    // 1.2 s even on a whole vCPU: the largest useful size, and the goal says it is not met.
    expect(hashingPlan({ p99Ms: 1200 })).toMatchObject({ memorySizeMb: 1769, meetsGoal: false });
  });

  it("admits what the functions serve: concurrency × 1000 / p99 a second, a burst of the concurrency", () => {
    const plan = hashingPlan({ p99Ms: 400 });
    expect(hashingRouteCapacity(10, plan)).toEqual({ concurrency: 10, rateLimit: 14, burstLimit: 10 });
    expect(hashingRouteCapacity(1, hashingPlan({ p99Ms: 1500 }))).toMatchObject({ rateLimit: 1 });
  });

  it("uses the measured figure: the hashing routes' limits are what it gives", () => {
    expect(measuredPasswordHash.samples).toBeGreaterThan(0);
    expect(measuredPasswordHash.scrypt).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    const plan = hashingPlan();
    for (const key of ["POST /v1/sessions", "POST /v1/accounts", "POST /v1/password-resets/confirm"]) {
      const limit = publicRouteLimits[key];
      const capacity = hashingRouteCapacity(limit?.reservedConcurrency ?? 0, plan);
      expect(limit, key).toEqual({
        rateLimit: capacity.rateLimit,
        burstLimit: capacity.burstLimit,
        reservedConcurrency: capacity.concurrency,
      });
    }
    expect(reservedConcurrencyTotal).toBe(20);
  });

  it("declares passwordHashing on exactly the routes whose code hashes or verifies a password", async () => {
    const projectOnly: Plugin = {
      name: "project-only",
      setup(builder) {
        builder.onResolve({ filter: /^[^./#]/ }, (args) => ({ path: args.path, external: true }));
      },
    };
    const hashing: string[] = [];
    for (const route of routes) {
      const result = await build({
        entryPoints: [join(root, route.handler)],
        bundle: true,
        write: false,
        platform: "node",
        format: "esm",
        logLevel: "silent",
        plugins: [projectOnly],
      });
      // The bundle as esbuild shakes it: what the function really calls.
      if (/\b(hashPassword|verifyPassword)\(/.test(result.outputFiles[0]?.text ?? ""))
        hashing.push(routeKey(route));
    }
    expect(hashing.length).toBeGreaterThan(4);
    expect(
      routes
        .filter((route) => route.passwordHashing)
        .map(routeKey)
        .sort(),
    ).toEqual(hashing.sort());
  }, 60_000);

  it("gives every hashing function the planned memory and reserves the hashing routes' concurrency", () => {
    const plan = hashingPlan();
    const stack = projectStack(prodContext);
    const propertiesOf = propertiesOfFunctions(stack);
    for (const route of routes) {
      const fn = stack.routeFunction(routeKey(route));
      if (!fn) throw new Error(`no function for ${routeKey(route)}`);
      const properties = propertiesOf(fn);
      expect(properties.MemorySize, routeKey(route)).toBe(route.passwordHashing ? plan.memorySizeMb : 512);
      expect(properties.ReservedConcurrentExecutions, routeKey(route)).toBe(
        publicRouteLimits[routeKey(route)]?.reservedConcurrency,
      );
    }
    const [stage] = Object.values(cachedTemplate(stack).findResources("AWS::ApiGatewayV2::Stage"));
    expect(stage?.Properties.RouteSettings["POST /v1/sessions"]).toEqual({
      ThrottlingRateLimit: publicRouteLimits["POST /v1/sessions"]?.rateLimit,
      ThrottlingBurstLimit: publicRouteLimits["POST /v1/sessions"]?.burstLimit,
    });
  }, 60_000);

  it("reserves nothing with reserveConcurrency=false, and keeps the throttles and the memory", () => {
    const signIn = routes.filter((route) => routeKey(route) === "POST /v1/sessions");
    const stack = new BackendStack(testApp({ ...prodContext, reserveConcurrency: "false" }), "Unreserved", {
      routes: signIn,
      workflows: [],
      reconcile: null,
      purge: null,
    });
    const fn = stack.routeFunction("POST /v1/sessions");
    if (!fn) throw new Error("no sign-in function");
    const properties = propertiesOfFunctions(stack)(fn);
    expect(properties.ReservedConcurrentExecutions).toBeUndefined();
    expect(properties.MemorySize).toBe(hashingPlan().memorySizeMb);
    const [stage] = Object.values(cachedTemplate(stack).findResources("AWS::ApiGatewayV2::Stage"));
    expect(stage?.Properties.RouteSettings["POST /v1/sessions"]).toEqual({
      ThrottlingRateLimit: publicRouteLimits["POST /v1/sessions"]?.rateLimit,
      ThrottlingBurstLimit: publicRouteLimits["POST /v1/sessions"]?.burstLimit,
    });
  }, 60_000);
});
