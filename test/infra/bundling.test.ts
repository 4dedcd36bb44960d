import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { expect, it } from "vitest";
import { ProjectFunction } from "#infra/constructs/function";
import { nodeMajor } from "#infra/project";

it("bundles a function for real with the local esbuild, offline and without Docker", () => {
  // No `aws:cdk:bundling-stacks` context here: bundling runs as in `npm run synth`.
  const app = new App();
  const stack = new Stack(app, "Bundled");
  new ProjectFunction(stack, "Fn", { entry: "test/infra/fixtures/bundled.ts" });
  Template.fromStack(stack).hasResourceProperties("AWS::Lambda::Function", {
    Handler: "index.handler",
    Runtime: `nodejs${nodeMajor}.x`,
  });

  const folders = readdirSync(app.outdir).filter((name) => name.startsWith("asset."));
  expect(folders).toHaveLength(1);
  const bundleDir = join(app.outdir, folders[0] ?? "");
  const code = readFileSync(join(bundleDir, "index.mjs"), "utf8");
  expect(existsSync(join(bundleDir, "index.mjs.map"))).toBe(true);
  // ESM with a `require` for bundled CommonJS code (under an alias: a bundled module importing
  // `createRequire` itself, as pdfkit does, must not collide with it), and a source map link.
  expect(
    code.startsWith(
      "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);",
    ),
  ).toBe(true);
  // (Booleans, not matchers on `code`: a failure must not print a megabyte of bundle.)
  expect(/export\s*\{[^}]*as handler/.test(code)).toBe(true);
  expect(/sourceMappingURL=index\.mjs\.map\s*$/.test(code)).toBe(true);
  // The AWS SDK is inside the bundle, not imported from the runtime; the #shared import resolved.
  expect(/from\s*["']@aws-sdk\//.test(code)).toBe(false);
  expect(code.includes("DynamoDBClient")).toBe(true);
  expect(code.includes("#shared/table")).toBe(false);
  // Minified: long lines, no indentation.
  expect(code.length / code.split("\n").length).toBeGreaterThan(1000);
});
