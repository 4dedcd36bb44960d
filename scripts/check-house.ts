/**
 * The house rules biome cannot check, run by `npm run lint` after biome (issue 28):
 * - no source file over 600 lines (generated files and embedded fonts aside): a long file is
 *   split where its concerns part, so that a reader finds a thing by its file's name;
 * - no import circle between the project's modules: what two files share moves down to a file
 *   both import. Every import counts, type-only ones and `import()` included, each resolved as
 *   TypeScript resolves it (relative paths and the `#shared/*`-style subpath imports).
 *
 * Files are those git would commit: tracked, and new ones not ignored. Prints each offender (a
 * file with its line count, a circle with its path) and exits 1 when there is one.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";

const rootDir = resolve(import.meta.dirname, "..");
const maxLines = 600;
const sourceFile = /\.(ts|tsx|mts|cts|js|mjs|cjs|css|html)$/;
/** Written by tools, not by hand: their length is not a reader's concern. */
const generated = new Set([
  "client/src/schema.ts",
  // Written by scripts/generate-error-texts.ts from the error catalogues.
  "shared/i18n/error-texts.ts",
]);
/** Embedded fonts (base64 in a module), written by their generate.sh. */
const embedded = /^shared\/documents\/fonts\//;
/**
 * Files over the limit still waiting for their split (issue 28), each held at its count today so
 * that it can only shrink. Remove a line once its file is split; add none.
 */
const pendingSplits: Record<string, number> = {
  // One synthesis of the whole app per test file: split in three, the file measured 105 s of test
  // time against 27 s whole (three syntheses), so it waits for a synthesis shared across files.
  "test/infra/stack.test.ts": 1030,
};

const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
  cwd: rootDir,
  encoding: "utf8",
})
  .split("\0")
  .filter((file) => sourceFile.test(file) && existsSync(join(rootDir, file)));

const problems: string[] = [];

// ---- file length ------------------------------------------------------------------------------

const lineCount = (text: string) => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
const long = files
  .filter((file) => !generated.has(file) && !embedded.test(file))
  .map((file) => ({ file, lines: lineCount(readFileSync(join(rootDir, file), "utf8")) }))
  .filter(({ file, lines }) => lines > Math.max(maxLines, pendingSplits[file] ?? 0))
  .sort((a, b) => b.lines - a.lines);
for (const { file, lines } of long) {
  problems.push(
    `${file}: ${lines} lines (at most ${pendingSplits[file] ? `${pendingSplits[file]}, until its split` : maxLines})`,
  );
}

// ---- import circles ---------------------------------------------------------------------------

const compilerOptions = (() => {
  const configFile = ts.readConfigFile(join(rootDir, "tsconfig.json"), ts.sys.readFile);
  return ts.parseJsonConfigFileContent(configFile.config, ts.sys, rootDir).options;
})();
const moduleFile = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const modules = new Set(files.filter((file) => moduleFile.test(file)));

/** The specifiers a module imports: import and export declarations, `import type`, `import()`. */
function specifiersOf(file: string): string[] {
  const text = readFileSync(join(rootDir, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      if (ts.isStringLiteral(literal)) found.push(literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The project module a specifier names, or undefined for a package or a built-in. */
function resolveInProject(specifier: string, from: string): string | undefined {
  const resolved = ts.resolveModuleName(specifier, join(rootDir, from), compilerOptions, ts.sys)
    .resolvedModule?.resolvedFileName;
  // A browser module imports another by its URL path, which TypeScript does not resolve.
  const path = resolved ?? (specifier.startsWith(".") ? resolve(rootDir, from, "..", specifier) : undefined);
  if (!path || path.includes("/node_modules/")) return undefined;
  const file = relative(rootDir, path);
  return modules.has(file) ? file : undefined;
}

const graph = new Map<string, string[]>();
for (const file of modules) {
  const targets = specifiersOf(file)
    .map((specifier) => resolveInProject(specifier, file))
    .filter((target): target is string => target !== undefined);
  graph.set(file, [...new Set(targets)]);
}

/** Tarjan's strongly connected components: each one of more than a module (or a self-import) is a circle. */
function circles(): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (file: string) => {
    index.set(file, counter);
    low.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        connect(target);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || graph.get(file)?.includes(file)) components.push(component);
    }
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) connect(file);
  return components;
}

/** One path around a circle, from its first module (by name) back to it. */
function pathAround(component: string[]): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0] ?? "";
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift() ?? "";
    for (const target of graph.get(file) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [file];
        while (path[0] !== start) path.unshift(previous.get(path[0] ?? "") ?? start);
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, file);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

for (const component of circles()) problems.push(`import circle: ${pathAround(component).join(" -> ")}`);

if (problems.length > 0) {
  console.error(`The house (scripts/check-house.ts): ${problems.length} problem(s)`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`The house: ${files.length} source files of ${maxLines} lines at most, no import circle.`);
