import { CfnOutput, Duration } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  type HttpRoute,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
  type ThrottleSettings,
} from "aws-cdk-lib/aws-apigatewayv2";
import {
  HttpIamAuthorizer,
  HttpLambdaAuthorizer,
  HttpLambdaResponseType,
} from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { FunctionAccess, RouteAuth, RouteDefinition } from "#functions/route-types";
import { type BindTargets, ProjectFunction } from "#infra/constructs/function";
import { acknowledge } from "#infra/nag";
import { constructId } from "#infra/names";

/** The session authorizer's declaration (`userAuthorizer` in `functions/routes.ts`). */
export interface AuthorizerDefinition {
  readonly handler: string;
  readonly resultsCacheTtlSeconds: number;
  readonly access: FunctionAccess;
}

export interface ApiProps {
  /** The routes to deploy (`functions/routes.ts`), one function each. */
  readonly routes: readonly RouteDefinition[];
  /** Built only when at least one route is a `user` route. */
  readonly authorizer: AuthorizerDefinition;
  readonly targets: BindTargets;
  /** Origins allowed by CORS, also given to the functions as `CORS_ORIGINS`. */
  readonly allowedOrigins: readonly string[];
  /** Stage-wide throttling; a stage limit keeps a burst from exhausting the account's Lambda concurrency. */
  readonly throttle?: ThrottleSettings;
}

const routeKeyOf = (route: Pick<RouteDefinition, "method" | "path">) => `${route.method} ${route.path}`;

/**
 * The HTTP API: one function per declared route, `public` routes open, `user` routes behind the
 * session Lambda authorizer, `operator` routes behind IAM; CORS, stage throttling, and JSON access
 * logs in a log group kept one month.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly functions: ProjectFunction[] = [];
  /** Route functions by route key (`GET /v1/health`). */
  readonly routeFunctions = new Map<string, ProjectFunction>();
  readonly authorizerFunction?: ProjectFunction;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { routes } = props;
    const methods = [...new Set(routes.map((route) => route.method))];
    this.httpApi = new HttpApi(this, "HttpApi", {
      description: "Customer account workflows",
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...props.allowedOrigins],
        allowMethods: methods.map((method) => CorsHttpMethod[method]),
        allowHeaders: ["authorization", "content-type"],
        maxAge: Duration.hours(1),
      },
    });

    this.accessLogs = new LogGroup(this, "AccessLogs", { retention: RetentionDays.ONE_MONTH });
    this.stage = new HttpStage(this, "DefaultStage", {
      httpApi: this.httpApi,
      stageName: "$default",
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // No headers, bodies or query strings: they carry tokens and personal data.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            time: "$context.requestTime",
            ip: "$context.identity.sourceIp",
            routeKey: "$context.routeKey",
            status: "$context.status",
            protocol: "$context.protocol",
            responseLength: "$context.responseLength",
            latency: "$context.responseLatency",
            integrationLatency: "$context.integrationLatency",
            integrationError: "$context.integrationErrorMessage",
            authorizerError: "$context.authorizer.error",
          }),
        ),
      },
    });

    // The session authorizer exists only when a route needs it, so its handler need not exist before.
    if (routes.some((route) => route.auth === "user")) {
      this.authorizerFunction = new ProjectFunction(this, "UserAuthorizer", {
        entry: props.authorizer.handler,
        description: `Session authorizer (${props.authorizer.handler})`,
      }).bind(props.authorizer.access, props.targets);
      this.functions.push(this.authorizerFunction);
    }
    const authorizers: Record<RouteAuth, IHttpRouteAuthorizer | undefined> = {
      public: undefined,
      user:
        this.authorizerFunction &&
        new HttpLambdaAuthorizer("UserAuthorizer", this.authorizerFunction, {
          responseTypes: [HttpLambdaResponseType.SIMPLE],
          identitySource: ["$request.header.Authorization"],
          resultsCacheTtl: Duration.seconds(props.authorizer.resultsCacheTtlSeconds),
        }),
      operator: new HttpIamAuthorizer(),
    };

    const corsOrigins = props.allowedOrigins.join(",");

    const seen = new Set<string>();
    for (const route of routes) {
      const key = routeKeyOf(route);
      if (seen.has(key)) throw new Error(`Route ${key} is declared twice`);
      seen.add(key);
      const fnId = constructId(key);
      const fn = new ProjectFunction(this, fnId, {
        entry: route.handler,
        description: `${key} (${route.handler})`,
        environment: { CORS_ORIGINS: corsOrigins },
      }).bind(route.access, props.targets);
      const [httpRoute] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${fnId}Integration`, fn),
        authorizer: authorizers[route.auth],
      }) as [HttpRoute];
      if (route.auth === "public") {
        acknowledge(
          httpRoute,
          "AwsSolutions-APIG4",
          `${key} is public by design (declared \`auth: "public"\` in the route table).`,
        );
      }
      this.functions.push(fn);
      this.routeFunctions.set(key, fn);
    }

    new CfnOutput(this, "Url", { value: this.stage.url, description: "Base URL of the HTTP API" });
  }
}
