import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rootDir } from "#test/support/runtime";
import { clientTypesFile, generateClientTypes } from "../../scripts/client-types";

describe("the typed client (client/)", () => {
  it("is generated from the current OpenAPI document: run `npm run client:generate` when this fails", async () => {
    const committed = await readFile(join(rootDir, clientTypesFile), "utf8");
    // Compared as booleans first: a stale file must fail with the command to run, not a 3,000-line diff.
    const fresh = await generateClientTypes();
    expect(committed === fresh, "client/src/schema.ts is stale: run npm run client:generate").toBe(true);
  });

  it("types every route's success answer: no JSON answer is left as unknown", async () => {
    const types = await generateClientTypes();
    for (const name of ["Catalog", "Health", "Problem"]) {
      expect(types).toContain(`${name}: {`);
    }
    expect(types).toMatch(/"application\/json": components\["schemas"\]\["Catalog"\]/);
  });
});
