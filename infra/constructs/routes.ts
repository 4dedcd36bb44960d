import {
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  type IHttpApi,
  type IHttpRouteAuthorizer,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpIamAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { Construct } from "constructs";
import { hashingPlan } from "#infra/capacity";
import { type BindTargets, ProjectFunction } from "#infra/constructs/function";
import { acknowledge } from "#infra/nag";
import { constructId } from "#infra/names";
import { publicRouteLimits } from "#infra/throttles";
import type { RouteAuth, RouteDefinition } from "#shared/route-types";

export interface RoutesProps {
  /** The routes to deploy here, one function each. */
  readonly routes: readonly RouteDefinition[];
  /** The HTTP API (in a nested stack: imported by its id). */
  readonly httpApi: IHttpApi;
  /** The session authorizer's id; needed when a route is `user`. */
  readonly userAuthorizerId?: string;
  readonly targets: BindTargets;
  /** Reserve the password-hashing routes' concurrency (the deployment's `reserveConcurrency`). @default true */
  readonly reserveConcurrency?: boolean;
}

export const routeKeyOf = (route: Pick<RouteDefinition, "method" | "path">) =>
  `${route.method} ${route.path}`;

/**
 * One function per route, with its route and Lambda integration on the HTTP API: `public` routes
 * open, `user` routes behind the session authorizer, `operator` routes behind IAM.
 */
export class Routes extends Construct {
  /** Route functions by route key (`GET /v1/health`). */
  readonly functions = new Map<string, ProjectFunction>();

  constructor(scope: Construct, id: string, props: RoutesProps) {
    super(scope, id);
    const { userAuthorizerId } = props;
    // The authorizer lives with the API; a route only names it.
    const user: IHttpRouteAuthorizer | undefined = userAuthorizerId
      ? { bind: () => ({ authorizationType: "CUSTOM", authorizerId: userAuthorizerId }) }
      : undefined;
    const authorizers: Record<RouteAuth, IHttpRouteAuthorizer | undefined> = {
      public: undefined,
      user,
      operator: new HttpIamAuthorizer(),
    };

    for (const route of props.routes) {
      const key = routeKeyOf(route);
      if (this.functions.has(key)) throw new Error(`Route ${key} is declared twice`);
      if (route.auth === "user" && !user)
        throw new Error(`Route ${key} is a user route, but no authorizer is given`);
      const fnId = constructId(key);
      const reserved =
        props.reserveConcurrency === false ? undefined : publicRouteLimits[key]?.reservedConcurrency;
      const fn = new ProjectFunction(this, fnId, {
        entry: route.handler,
        description: `${key} (${route.handler})`,
        // infra/throttles.ts: what a flood of this route may take of the account's concurrency.
        ...(reserved ? { reservedConcurrentExecutions: reserved } : {}),
        // infra/capacity.ts: the memory (so the CPU share) at which the measured hash keeps its p99.
        ...(route.passwordHashing ? { memorySize: hashingPlan().memorySizeMb } : {}),
      }).bind(route.access, props.targets);
      const httpRoute = new HttpRoute(this, `${fnId}Route`, {
        httpApi: props.httpApi,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`${fnId}Integration`, fn),
        authorizer: authorizers[route.auth],
      });
      if (route.auth === "public") {
        acknowledge(
          httpRoute,
          "AwsSolutions-APIG4",
          `${key} is public by design (declared \`auth: "public"\` in the route table).`,
        );
      }
      this.functions.set(key, fn);
    }
  }
}
