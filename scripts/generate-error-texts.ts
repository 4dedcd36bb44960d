/**
 * Writes shared/i18n/error-texts.ts: one export per error text, naming it in every language's
 * catalogue (shared/i18n/catalogues/errors/<language>.ts). Throw sites name a text through it, so a
 * function's bundle carries only the texts (in every language) its code can throw. Run after adding
 * a text to the English catalogue or a language: `npx tsx scripts/generate-error-texts.ts`.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as english from "#shared/i18n/catalogues/errors/en";
import { languages } from "#shared/i18n/languages";

const root = join(import.meta.dirname, "..");
const file = join(root, "shared", "i18n", "error-texts.ts");
const names = Object.keys(english).filter((name) => name !== "titles");

const source = [
  "// Written by scripts/generate-error-texts.ts from shared/i18n/catalogues/errors/: do not edit.",
  "/** Each error text in every language, by its name in the catalogues (see shared/i18n/error-messages.ts). */",
  ...languages.map(
    (language) => `import * as ${language} from "#shared/i18n/catalogues/errors/${language}";`,
  ),
  "",
  ...names.map(
    (name) =>
      `export const ${name} = { name: "${name}", ${languages.map((language) => `${language}: ${language}.${name}`).join(", ")} } as const;`,
  ),
  "",
].join("\n");
writeFileSync(file, source);
// Formatted and its imports sorted as the project checks them (npm run lint).
execFileSync(join(root, "node_modules", ".bin", "biome"), ["check", "--write", file], { stdio: "inherit" });
console.log(`${file}: ${names.length} texts in ${languages.length} languages`);
