import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, signUp } from "#test/support/accounts";
import { rootDir } from "#test/support/runtime";

/** Runs `local/main.ts` (what `npm start` runs) as a user would, on free ports. */
function start(dataDir: string, env: Record<string, string> = {}) {
  const child = spawn(join(rootDir, "node_modules/.bin/tsx"), ["local/main.ts"], {
    cwd: rootDir,
    // As a user's shell has it: nothing of the test runner's configuration (TABLE_NAME...).
    env: {
      ...Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !["TABLE_NAME", "SCRYPT_LOG_N"].includes(name)),
      ),
      DATA_DIR: dataDir,
      API_PORT: "0",
      SES_PORT: "0",
      STEPFUNCTIONS_PORT: "0",
      DYNAMODB_PORT: "0",
      S3_PORT: "0",
      CONSOLE_PORT: "0",
      PORTAL_PORT: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const api = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /HTTP API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`exited before serving: ${output}`));
    });
  });
  // A run expected to fail never awaits `api`.
  api.catch(() => undefined);
  return { child, api, exited, output: () => output };
}

/** Runs an operator command (what `npm run reconcile`... runs) as a user would: no ports given. */
function operatorCommand(
  script: string,
  dataDir: string,
  args: string[] = [],
  env: Record<string, string> = {},
) {
  const child = spawn(join(rootDir, "node_modules/.bin/tsx"), [script, ...args], {
    cwd: rootDir,
    env: {
      ...Object.fromEntries(
        Object.entries(process.env).filter(
          ([name]) =>
            !["TABLE_NAME", "SCRYPT_LOG_N", "DYNAMODB_PORT", "STEPFUNCTIONS_PORT"].includes(name) &&
            !name.startsWith("AWS_ENDPOINT_URL"),
        ),
      ),
      DATA_DIR: dataDir,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, stdout, stderr })),
  );
}

const stop = async (child: ChildProcess, exited: Promise<number | null>) => {
  child.kill("SIGINT");
  return exited;
};

describe("npm start", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "aw-start-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("prints its URLs, serves the API, stops cleanly on Ctrl-C and finds its data on the next start", async () => {
    const first = start(dataDir);
    const api = await first.api;
    expect(first.output()).toMatch(/Emails \(SES\)\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(first.output()).toMatch(/Step Functions\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(first.output()).toMatch(/DynamoDB\s+http:\/\/127\.0\.0\.1:\d+/);
    expect((await fetch(`${api}/v1/health`)).status).toBe(200);
    // The operator console: its page, and the state machines it reads through the Step Functions API.
    const consoleUrl = /^.*console.*?(http:\/\/127\.0\.0\.1:\d+)\//im.exec(first.output())?.[1];
    expect(consoleUrl).toBeDefined();
    const page = await fetch(`${consoleUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<h1>Workflows</h1>");
    const machines = (await (await fetch(`${consoleUrl}/api/state-machines`)).json()) as {
      stateMachines: { name: string }[];
    };
    expect(machines.stateMachines.map((machine) => machine.name)).toEqual(
      expect.arrayContaining(["member-removal", "organization-deletion", "product-termination"]),
    );
    // A first order touches every area's entities: each must see the runtime's table.
    const account = await signUp(api, {
      order: { paymentMethod: "invoice", lines: [{ productKind: "domain", name: "first.example" }] },
    });
    // The operator commands find it through its data folder, though it runs on other ports:
    // each prints its result alone (no metrics line).
    const reconciled = await operatorCommand("scripts/reconcile.ts", dataDir);
    expect(reconciled.code, reconciled.stderr).toBe(0);
    expect(reconciled.stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(reconciled.stdout)).toHaveProperty("mails");
    const executions = await operatorCommand("scripts/executions.ts", dataDir, ["--json"]);
    expect(executions.code, executions.stderr).toBe(0);
    expect(executions.stdout).toContain("organization-deletion");
    expect(await stop(first.child, first.exited)).toBe(0);
    // Stopped: the record is gone, and the command says what to set.
    const refused = await operatorCommand("scripts/purge-backups.ts", dataDir, [], { DYNAMODB_PORT: "1" });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("DYNAMODB_PORT");
    expect(refused.stderr).toContain("npm start");

    const second = start(dataDir);
    const api2 = await second.api;
    expect((await signIn(api2, account.loginEmail)).status).toBe(201);
    expect(await stop(second.child, second.exited)).toBe(0);
  }, 60_000);

  it("stops with one line naming a port already in use", async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as { port: number }).port)),
    );
    try {
      const run = start(dataDir, { API_PORT: String(port) });
      expect(await run.exited).toBe(1);
      const lines = run.output().trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`port ${port} is already in use`);
      expect(lines[0]).toContain("API_PORT");
    } finally {
      blocker.close();
    }
  }, 60_000);
});
