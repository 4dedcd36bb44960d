import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { InvoiceForDocument } from "#shared/documents/invoice-document";
import { type Bundle, bundle } from "../lib/bundle.ts";
import { documentHandlers } from "../lib/document-handlers.ts";
import type { Figure, Goal } from "../lib/figure.ts";
import { kib, median, ms, ratio, table } from "../lib/format.ts";
import { outDir, rootDir, settings } from "../lib/settings.ts";
import { type ColdStartContext, run as coldStart, lambdaEnv } from "./cold-start.ts";

/**
 * Figure 9: the functions that render invoice documents (PDF with a Swiss QR-bill), reported
 * apart from figures 1 and 2, whose goals they are left out of: the PDF libraries and the
 * embedded fonts are their own weight, carried by them alone. Which functions these are is
 * declared, not guessed: their access says `invoiceDocuments` (the route and workflow tables).
 */

/** The inputs of a bundle that are the PDF renderer's: its libraries and the fonts it embeds. */
const pdfInputs =
  /^(pdfkit|fontkit|swissqrbill|svg-engine|linebreak|png-js|restructure|unicode-properties|unicode-trie|brotli|dfa|tiny-inflate|clone|base64-js|fflate|@noble\/hashes|@noble\/ciphers|@swc\/helpers)$|^shared\/documents\/(fonts\/|invoice-document)/;
const pdfBytes = (made: Bundle) =>
  made.inputs.filter(({ input }) => pdfInputs.test(input)).reduce((sum, { bytes }) => sum + bytes, 0);
/** What marks a bundle as carrying the renderer (dependencies such as fflate may come with other packages). */
const rendererMarks = /^(pdfkit|swissqrbill|fontkit)$|^shared\/documents\/(fonts\/|invoice-document)/;

const rendererEntry = "shared/documents/invoice-document.ts";
const child = join(rootDir, "bench", "figures", "documents-child.ts");

interface ChildSample {
  importCpuMs: number;
  importMs: number;
  firstRenderMs: number;
  warmRenderMs: number[];
  bytes: number;
}

const creditor = {
  name: "Hosting Provider AG",
  account: "CH4431999123000889012",
  street: "Musterstrasse",
  buildingNumber: "7",
  postalCode: "8000",
  city: "Zürich",
  country: "CH",
  email: "billing@hosting.example",
};

const invoiceWith = (status: "open" | "paid", lines: number): InvoiceForDocument => ({
  invoiceId: `bench${status}${lines}`,
  orderId: "benchorder",
  status,
  amount: lines * 10_800,
  currency: "CHF",
  paymentMethod: status === "open" ? "invoice" : "prepaid",
  lines: Array.from({ length: lines }, (_, index) => ({
    description: `web_hosting site-${index + 1}.example (12 months)`,
    price: 12_000,
    reduction: 1_200,
    total: 10_800,
  })),
  issuedAt: "2026-11-02T10:00:00.000Z",
  ...(status === "paid" ? { paidAt: "2026-11-03T10:00:00.000Z", paidWith: "prepaid" as const } : {}),
  billingAddress: {
    name: "Lovelace Analytical Engines GmbH",
    recipient: "Accounts payable",
    line1: "Bahnhofstrasse 1",
    postalCode: "8001",
    city: "Zürich",
    country: "CH",
  },
});

const cases = [
  { name: "open, 3 lines (QR-bill)", invoice: invoiceWith("open", 3) },
  { name: "paid, 3 lines", invoice: invoiceWith("paid", 3) },
  { name: "open, 60 lines (3 pages)", invoice: invoiceWith("open", 60) },
];

function runChild(bundleFile: string, invoiceFile: string, creditorFile: string, warm: number) {
  return new Promise<ChildSample>((resolve, reject) => {
    const started = spawn(process.execPath, [child, bundleFile, invoiceFile, creditorFile, String(warm)], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", TZ: ":UTC", LANG: "en_US.UTF-8" },
      stdio: ["ignore", "pipe", "pipe", "pipe"],
    });
    let result = "";
    let output = "";
    started.stdout?.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-2000);
    });
    started.stderr?.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-2000);
    });
    started.stdio[3]?.on("data", (chunk: Buffer) => {
      result += chunk.toString();
    });
    started.on("error", reject);
    started.on("close", (code) => {
      if (result) resolve(JSON.parse(result) as ChildSample);
      else reject(new Error(`the renderer's child failed (exit ${code}): ${output}`));
    });
  });
}

/** The rendering time goal: one document, warm, on this machine (Lambda's 512 MB has about 0.3 vCPU). */
export const renderGoalMs = 100;
/** Warm renders per child process; children per case. */
const warmRenders = 20;

export const documentsFigure: Figure<ColdStartContext> = {
  id: "documents",
  title: "9. Invoice documents: the functions that render PDFs (bundle, import CPU, render time)",
  async run(context) {
    if (!context.bundles) throw new Error("figure 1 makes the bundles figure 9 reads");
    const handlers = documentHandlers();
    const renderers = context.bundles.functions.filter(({ lambda }) => handlers.has(lambda.handler));
    const others = context.bundles.functions.filter(({ lambda }) => !handlers.has(lambda.handler));
    const leaking = others.filter(({ bundle: made }) =>
      made.inputs.some(({ input }) => rendererMarks.test(input)),
    );
    const bare = context.bundles.bare;

    // Each function's own import, in a fresh process as figure 2 does it (the invocation that
    // follows gets an empty event: only the import is measured), the bare bundle beside it.
    const local = await context.local();
    const dir = join(outDir, "documents");
    await mkdir(dir, { recursive: true });
    const emptyEvent = join(dir, "empty-event.json");
    await writeFile(emptyEvent, "{}");
    const runs = Math.max(3, Math.min(settings.coldStartRuns, 10));
    const importCpu = new Map<string, number[]>();
    for (let round = 0; round < runs; round++) {
      for (const subject of [
        { name: "bare", bundle: bare },
        ...renderers.map(({ lambda, bundle: made }) => ({ name: lambda.name, bundle: made })),
      ]) {
        const sample = await coldStart(subject, lambdaEnv(subject.name, local), emptyEvent);
        importCpu.set(subject.name, [...(importCpu.get(subject.name) ?? []), sample.importCpuMs]);
      }
    }
    const bareImportCpu = median(importCpu.get("bare") ?? []) ?? Number.NaN;
    const importCpuOf = (name: string) => median(importCpu.get(name) ?? []) ?? Number.NaN;

    // The renderer alone, bundled as a function is: what the PDF libraries and fonts cost to load.
    const renderer = await bundle(rendererEntry, "invoice-document-renderer");
    const creditorFile = join(dir, "creditor.json");
    await writeFile(creditorFile, JSON.stringify(creditor));
    const measured = [];
    for (const [index, { name, invoice }] of cases.entries()) {
      const invoiceFile = join(dir, `invoice-${index}.json`);
      await writeFile(invoiceFile, JSON.stringify(invoice));
      const samples: ChildSample[] = [];
      for (let run = 0; run < runs; run++)
        samples.push(await runChild(renderer.file, invoiceFile, creditorFile, warmRenders));
      const warm = samples.flatMap((sample) => sample.warmRenderMs).sort((a, b) => a - b);
      measured.push({
        case: name,
        importCpuMs: median(samples.map((sample) => sample.importCpuMs)) ?? Number.NaN,
        firstRenderMs: median(samples.map((sample) => sample.firstRenderMs)) ?? Number.NaN,
        warmMedianMs: median(warm) ?? Number.NaN,
        warmP99Ms: warm[Math.min(warm.length - 1, Math.floor(warm.length * 0.99))] ?? Number.NaN,
        bytes: samples[0]?.bytes ?? 0,
        runs: samples.length,
        warmRenders: warm.length,
      });
    }
    const importCpuMs = median(measured.map((row) => row.importCpuMs)) ?? Number.NaN;
    const typical = measured[0];
    // A paid-invoices mail carries up to 20 documents (shared/billing/invoices.ts: invoicesPerMail).
    const mailOf20Ms = (typical?.warmMedianMs ?? Number.NaN) * 20 + (typical?.firstRenderMs ?? 0);

    const text = [
      `Functions that declare \`invoiceDocuments\`: ${renderers.length} (${[...handlers].join(", ") || "none"}).`,
      `Import CPU: median of ${runs} fresh processes each (figure 2's child, an empty event), the bare bundle's ${ms(bareImportCpu)} ms beside them.`,
      `The renderer alone (${rendererEntry}, bundled as a function is): ${kib(renderer.bytes)}; import CPU ${ms(importCpuMs)} ms in a fresh process (median of ${runs} per case).`,
      `Largest inputs of the renderer: ${renderer.inputs
        .slice(0, 5)
        .map(({ input, bytes }) => `${input} ${kib(bytes)}`)
        .join(", ")}.`,
      "",
      table(
        [
          "function",
          "bundle",
          "vs bare",
          "PDF libraries and fonts",
          "without them",
          "vs bare",
          "import CPU ms",
          "vs bare",
        ],
        renderers.map(({ lambda, bundle: made }) => [
          lambda.name,
          kib(made.bytes),
          ratio(made.bytes / bare.bytes),
          kib(pdfBytes(made)),
          kib(made.bytes - pdfBytes(made)),
          ratio((made.bytes - pdfBytes(made)) / bare.bytes),
          ms(importCpuOf(lambda.name)),
          ratio(importCpuOf(lambda.name) / bareImportCpu),
        ]),
      ),
      "",
      table(
        [
          "document",
          "PDF size",
          "import CPU ms",
          "first render ms",
          "warm median ms",
          "warm p99 ms",
          "renders",
        ],
        measured.map((row) => [
          row.case,
          kib(row.bytes),
          ms(row.importCpuMs),
          ms(row.firstRenderMs),
          ms(row.warmMedianMs),
          ms(row.warmP99Ms),
          `${row.runs}×(1+${warmRenders})`,
        ]),
      ),
      "",
      `A paid-invoices mail of 20 documents renders in about ${ms(mailOf20Ms)} ms here (one first render, 19 warm).`,
      "The import CPU of the mailing functions does not include the renderer: they load it on their first mailing.",
    ].join("\n");

    const slowest = Math.max(...measured.map((row) => row.warmP99Ms));
    const goals: Goal[] = [
      {
        figure: "9",
        goal: "only the functions that declare invoiceDocuments carry the PDF libraries",
        met: leaking.length === 0,
        detail:
          leaking.length === 0
            ? `none of the other ${others.length} bundles holds pdfkit, fontkit, swissqrbill or the fonts`
            : `${leaking.length} carry them: ${leaking
                .map(({ lambda }) => lambda.name)
                .slice(0, 5)
                .join(", ")}`,
      },
      {
        figure: "9",
        goal: `an invoice document renders in under ${renderGoalMs} ms warm (p99, every case)`,
        met: slowest < renderGoalMs,
        detail: `worst p99 ${ms(slowest)} ms (${measured.find((row) => row.warmP99Ms === slowest)?.case})`,
      },
    ];
    return {
      text,
      data: {
        functions: renderers.map(({ lambda, bundle: made }) => ({
          function: lambda.name,
          handler: lambda.handler,
          bytes: made.bytes,
          pdfBytes: pdfBytes(made),
          ratioToBare: made.bytes / bare.bytes,
          ratioToBareWithoutPdf: (made.bytes - pdfBytes(made)) / bare.bytes,
          importCpuMs: importCpuOf(lambda.name),
          importCpuRatioToBare: importCpuOf(lambda.name) / bareImportCpu,
          importCpuSamples: importCpu.get(lambda.name),
        })),
        bare: { importCpuMs: bareImportCpu },
        renderer: { bytes: renderer.bytes, inputs: renderer.inputs.slice(0, 10), importCpuMs },
        cases: measured,
        mailOf20Ms,
        leaking: leaking.map(({ lambda }) => lambda.name),
      },
      goals,
    };
  },
};
