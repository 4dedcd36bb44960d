import { CfnOutput, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  AuthorizerPayloadVersion,
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpAuthorizer,
  HttpAuthorizerType,
  HttpStage,
  LogGroupLogDestination,
  type ThrottleSettings,
} from "aws-cdk-lib/aws-apigatewayv2";
import { ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { type BindTargets, ProjectFunction } from "#infra/constructs/function";
import { publicRouteLimits, stageThrottle } from "#infra/throttles";
import { cors } from "#shared/cors";
import type { FunctionAccess, RouteDefinition } from "#shared/route-types";

/** The session authorizer's declaration (`userAuthorizer` in `functions/routes.ts`). */
export interface AuthorizerDefinition {
  readonly handler: string;
  readonly resultsCacheTtlSeconds: number;
  readonly access: FunctionAccess;
}

export interface ApiProps {
  /** Every route of the API: their methods make the CORS configuration; a `user` route needs the authorizer. */
  readonly routes: readonly RouteDefinition[];
  /** Built only when at least one route is a `user` route. */
  readonly authorizer: AuthorizerDefinition;
  readonly targets: BindTargets;
  /** Origins allowed by CORS. */
  readonly allowedOrigins: readonly string[];
  /** Stage-wide throttling; a stage limit keeps a burst from exhausting the account's Lambda concurrency. */
  readonly throttle?: ThrottleSettings;
  /** The API's name: `<stage>-account-workflows`. */
  readonly name: string;
}

/**
 * The HTTP API itself, shared by every route: CORS, the `$default` stage with throttling and JSON
 * access logs kept one month, and the session Lambda authorizer (function and API authorizer) when a
 * route is `user`. The routes and their functions are added per area by `Routes` (`routes.ts`), in
 * nested stacks; they reach the API and the authorizer by id.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly authorizerFunction?: ProjectFunction;
  /** The session authorizer, for `user` routes. */
  readonly userAuthorizer?: HttpAuthorizer;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { routes } = props;
    if (props.allowedOrigins.some((origin) => origin === "*" || !/^https?:\/\/[^/]+$/.test(origin)))
      throw new Error(
        `allowedOrigins must be origins (https://host), never "*": ${props.allowedOrigins.join(", ")}`,
      );
    const methods = [...new Set(routes.map((route) => route.method))];
    this.httpApi = new HttpApi(this, "HttpApi", {
      apiName: props.name,
      description: "Customer account workflows",
      createDefaultStage: false,
      // shared/cors.ts, the declaration the local gateway applies too. API Gateway answers the
      // preflights and sets these headers on every answer (it ignores a function's own).
      corsPreflight: {
        allowOrigins: [...props.allowedOrigins],
        allowMethods: methods.map((method) => CorsHttpMethod[method]),
        allowHeaders: [...cors.allowHeaders],
        exposeHeaders: [...cors.exposeHeaders],
        maxAge: Duration.seconds(cors.maxAgeSeconds),
      },
    });

    this.accessLogs = new LogGroup(this, "AccessLogs", {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.stage = new HttpStage(this, "DefaultStage", {
      httpApi: this.httpApi,
      stageName: "$default",
      autoDeploy: true,
      throttle: props.throttle ?? stageThrottle,
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

    // Per-route limits on the public routes that hash passwords or try tokens (infra/throttles.ts),
    // below the stage's; a route key the table names must be a route of the API.
    const routeKeys = new Set(routes.map((route) => `${route.method} ${route.path}`));
    const routeSettings = Object.fromEntries(
      Object.entries(publicRouteLimits)
        .filter(([key]) => routeKeys.has(key))
        .map(([key, limit]) => [
          key,
          // CloudFormation's own casing: the L1 property is passed through as it is.
          { ThrottlingRateLimit: limit.rateLimit, ThrottlingBurstLimit: limit.burstLimit },
        ]),
    );
    if (Object.keys(routeSettings).length) {
      (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
    }

    // The session authorizer exists only when a route needs it, so its handler need not exist before.
    if (routes.some((route) => route.auth === "user")) {
      const fn = new ProjectFunction(this, "UserAuthorizer", {
        entry: props.authorizer.handler,
        description: `Session authorizer (${props.authorizer.handler})`,
      }).bind(props.authorizer.access, props.targets);
      this.authorizerFunction = fn;
      // What `HttpLambdaAuthorizer` builds when a route binds it, built here so that it stays in this
      // stack whichever nested stack holds the first `user` route.
      const stack = Stack.of(this);
      const authorizer = new HttpAuthorizer(this.httpApi, "UserAuthorizer", {
        httpApi: this.httpApi,
        authorizerName: "UserAuthorizer",
        type: HttpAuthorizerType.LAMBDA,
        identitySource: ["$request.header.Authorization"],
        enableSimpleResponses: true,
        payloadFormatVersion: AuthorizerPayloadVersion.VERSION_2_0,
        authorizerUri: `arn:${stack.partition}:apigateway:${stack.region}:lambda:path/2015-03-31/functions/${fn.functionArn}/invocations`,
        resultsCacheTtl: Duration.seconds(props.authorizer.resultsCacheTtlSeconds),
      });
      fn.addPermission("InvokedByApiAuthorizer", {
        principal: new ServicePrincipal("apigateway.amazonaws.com"),
        sourceArn: stack.formatArn({
          service: "execute-api",
          resource: this.httpApi.apiId,
          resourceName: `authorizers/${authorizer.authorizerId}`,
        }),
      });
      this.userAuthorizer = authorizer;
    }

    new CfnOutput(this, "Url", { value: this.stage.url, description: "Base URL of the HTTP API" });
  }
}
