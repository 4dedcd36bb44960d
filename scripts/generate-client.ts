import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { clientTypesFile, generateClientTypes } from "./client-types";

// Writes the typed client's types from the route table: run after changing a route's schemas.
const rootDir = resolve(import.meta.dirname, "..");
const text = await generateClientTypes();
await writeFile(join(rootDir, clientTypesFile), text);
console.log(`wrote ${clientTypesFile} (${text.length} characters)`);
