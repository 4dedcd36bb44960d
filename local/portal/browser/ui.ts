import type { Problem } from "@hosting-account-workflows/client";
import { apiUrl } from "./api";
import { strings } from "./strings";

/**
 * What every page draws with: elements, fields, forms that call the API once at a time, and the
 * region where a form says how its request went (the problem's title and detail when refused).
 */
export const navigation: { route: () => void; drawNav: () => void } = {
  /** Draws the page the address names again (portal.ts sets it). */
  route: () => undefined,
  /** Draws the header's links again: who is signed in (portal.ts sets it). */
  drawNav: () => undefined,
};

// ---- drawing ---------------------------------------------------------------------------------

export type Child = Node | string | undefined | false;
export type Attributes = Record<string, string | boolean | ((event: Event) => void)>;

/** An element with its attributes (`on…`: listeners) and children; text is never parsed as HTML. */
export function h<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[Tag] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else if (value !== false) element.setAttribute(name, value);
  }
  for (const child of children) if (child !== undefined && child !== false) element.append(child);
  return element;
}

export const main = document.getElementById("main") as HTMLElement;

export function showPage(title: string, ...content: Child[]) {
  document.title = strings.title(title);
  main.replaceChildren(...content.filter((child): child is Node | string => Boolean(child)));
  navigation.drawNav();
}

/** A field: its label above it (and a hint under the label), the input named by `name`; required unless said. */
export function field(label: string, input: Attributes & { name: string }, hint?: string) {
  const id = `field-${input.name}`;
  return h(
    "p",
    { class: "field" },
    h("label", { for: id }, label),
    hint && h("span", { class: "hint", id: `${id}-hint` }, hint),
    h("input", { id, required: true, ...(hint ? { "aria-describedby": `${id}-hint` } : {}), ...input }),
  );
}

/** The live region where a form says how its request went. */
export const outcome = () => h("div", { class: "outcome", role: "status", "aria-live": "polite" });

export function say(region: HTMLElement, kind: "success" | "error" | "working", ...content: Child[]) {
  region.className = `outcome ${kind}`;
  region.setAttribute("role", kind === "error" ? "alert" : "status");
  region.replaceChildren(...content.filter((child): child is Node | string => Boolean(child)));
}

/** What went wrong, as the problem+json says it (its title, its detail and each field's message). */
export function sayProblem(region: HTMLElement, status: number, problem: Problem | undefined) {
  if (!problem?.title) {
    say(region, "error", h("p", {}, strings.common.problem(status)));
    return;
  }
  say(
    region,
    "error",
    h("p", {}, h("strong", {}, problem.title)),
    problem.detail && h("p", {}, problem.detail),
    problem.errors?.length
      ? h(
          "ul",
          {},
          ...problem.errors.map((error) =>
            h("li", {}, error.path ? `${error.path}: ` : "", error.message ?? ""),
          ),
        )
      : undefined,
  );
}

/**
 * A form whose submit runs `action` once at a time (its button disabled meanwhile). A fetch that
 * throws (the API not running, CORS refused) is said as such; the action says everything else.
 */
export function form(
  attributes: Attributes,
  region: HTMLElement,
  action: (values: Record<string, string>) => Promise<void>,
  ...fields: Child[]
) {
  const element = h("form", attributes, ...fields);
  element.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = element.querySelector("button");
    if (button?.disabled) return;
    const values = Object.fromEntries(
      [...new FormData(element).entries()].map(([name, value]) => [name, String(value)]),
    );
    if (button) button.disabled = true;
    say(region, "working", h("p", {}, strings.common.working));
    try {
      await action(values);
    } catch {
      say(region, "error", h("p", {}, strings.common.apiUnreachable(apiUrl)));
    } finally {
      if (button) button.disabled = false;
    }
  });
  return element;
}

export const tokenFromLink = () => new URLSearchParams(location.search).get("token") ?? "";

export const noToken = (heading: string) =>
  showPage(
    heading,
    h("h1", {}, heading),
    h("p", { class: "outcome error", role: "alert" }, strings.common.noToken),
  );
