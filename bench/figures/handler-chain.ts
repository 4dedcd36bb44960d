import { Bench } from "tinybench";
import { createAccountBody } from "#functions/accounts/routes";
import { errors } from "#shared/errors";
import { type HttpEvent, httpHandler } from "#shared/http";
import * as texts from "#shared/i18n/error-texts";
import { route } from "#shared/route-types";
import { testContext } from "#test/support/events";
import { httpEventOf } from "../lib/events.ts";
import type { Figure } from "../lib/figure.ts";
import { ms, table } from "../lib/format.ts";

export const handlerChainGoalMs = 1;

/** A route with the sign-up body, behind a session: the whole chain runs, the handler does no I/O. */
const fixtureRoute = route({
  method: "POST",
  path: "/v1/bench/accounts",
  handler: "bench/figures/handler-chain.ts",
  auth: "user",
  summary: "Handler chain fixture",
  successStatus: 201,
  body: createAccountBody,
  access: {},
});

const accepting = httpHandler(fixtureRoute, async (request) => ({
  status: 201,
  body: { created: request.body.loginEmail },
  headers: { location: "/v1/me" },
}));

const refusing = httpHandler(fixtureRoute, async () => {
  throw errors.of(409, "LOGIN_EMAIL_TAKEN", texts.loginEmailTaken);
});

const validBody = {
  firstName: "Ada",
  lastName: "Lovelace",
  loginEmail: "ada@example.org",
  recoveryEmail: "ada.recovery@example.org",
  password: "Correct-Horse-Battery-9",
  organization: {
    type: "individual",
    postalAddress: { line1: "Rue du Lac 1", postalCode: "1200", city: "Genève", country: "CH" },
    phone: "+41 22 000 00 00",
  },
};

// Four bad fields, one of them nested and one unknown: the answer lists each.
const invalidBody = {
  ...validBody,
  lastName: "",
  loginEmail: "not-an-email",
  organization: {
    ...validBody.organization,
    postalAddress: { ...validBody.organization.postalAddress, country: "Switzerland" },
  },
  nickname: "ada",
};

const claims = { userId: "01JBENCHUSER0000000000000", sessionId: "01JBENCHSESSION00000000000" };
const eventWith = (body: unknown) =>
  httpEventOf(
    fixtureRoute,
    { method: "POST", path: fixtureRoute.path, body, token: "bench-token" },
    claims,
    "",
  );

/** A new event per call: header normalisation rewrites the headers in place. */
const fresh = (event: HttpEvent): HttpEvent => ({ ...event, headers: { ...event.headers } });

const cases = [
  { name: "valid body -> 201", handler: accepting, event: eventWith(validBody), status: 201 },
  {
    name: "invalid body (4 bad fields) -> 400",
    handler: refusing,
    event: eventWith(invalidBody),
    status: 400,
  },
  { name: "domain error mapping -> 409", handler: refusing, event: eventWith(validBody), status: 409 },
];

export const handlerChainFigure: Figure<unknown> = {
  id: "handlerChain",
  title: "3. Warm overhead of the handler chain (httpHandler, in-process, no I/O)",
  async run() {
    for (const entry of cases) {
      const answer = await entry.handler(fresh(entry.event), testContext);
      if (answer.statusCode !== entry.status)
        throw new Error(`handler chain case "${entry.name}" answered ${answer.statusCode}`);
    }
    const bench = new Bench({ time: 2000, warmupIterations: 200, iterations: 1000 });
    for (const entry of cases) {
      bench.add(entry.name, async () => {
        await entry.handler(fresh(entry.event), testContext);
      });
    }
    await bench.run();
    const rows = bench.tasks.map((task) => {
      const result = task.result;
      if (result.state !== "completed") throw new Error(`tinybench task ${task.name}: ${result.state}`);
      return {
        case: task.name,
        samples: result.latency.samplesCount,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        meanMs: result.latency.mean,
        opsPerSecond: result.throughput.mean,
      };
    });
    const worst = Math.max(...rows.map((row) => row.p99Ms));
    return {
      text: [
        "Route with the sign-up body (createAccountBody) and a session; the handler returns at once.",
        "Log level SILENT: the access log line is neither formatted nor written (I/O excluded).",
        "",
        table(
          ["case", "samples", "p50 ms", "p99 ms", "mean ms"],
          rows.map((row) => [row.case, row.samples, ms(row.p50Ms), ms(row.p99Ms), ms(row.meanMs)]),
        ),
      ].join("\n"),
      data: { fixture: "createAccountBody, auth user, handler without I/O, LOG_LEVEL SILENT", cases: rows },
      goals: [
        {
          figure: "3",
          goal: `handler chain p99 under ${handlerChainGoalMs} ms in every case`,
          met: worst < handlerChainGoalMs,
          detail: `worst p99 ${ms(worst)} ms`,
        },
      ],
    };
  },
};
