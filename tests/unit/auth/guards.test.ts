import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseAst } from "rolldown/parseAst";
import { describe, expect, it } from "vitest";

/**
 * Every studio page and every exported server action checks the session itself (issue 14): a layout's check
 * does not run for a server action called by its id, and a page added later must not rely on its layout.
 * (TypeScript 7 has no JS compiler API, so the sources are read with rolldown's oxc parser, which vitest ships.)
 */
const root = path.resolve(import.meta.dirname, "../../..");
const GUARDS = new Set(["requireViewer", "requireAdmin"]);
/** Actions that run before anyone is signed in, by design. */
const PUBLIC_ACTIONS = new Set(["signInAction", "setupAction", "signOutAction", "acceptLinkAction"].map((n) => `app/(auth)/actions.ts#${n}`));

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [path.relative(root, full)];
  });
}

type Node = { type: string; [key: string]: unknown };
type Fns = Map<string, { fn: Node; exported: boolean; isDefault: boolean }>;

const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null && typeof (value as Node).type === "string";
const isFn = (node: unknown): node is Node => isNode(node) && /^(FunctionDeclaration|FunctionExpression|ArrowFunctionExpression)$/.test(node.type);

function children(node: Node): Node[] {
  return Object.values(node).flatMap((value) => (Array.isArray(value) ? value.filter(isNode) : isNode(value) ? [value] : []));
}

function functionsOf(program: Node): Fns {
  const found: Fns = new Map();
  const add = (statement: Node, exported: boolean, isDefault: boolean) => {
    if (isFn(statement)) found.set((statement.id as { name?: string } | null)?.name ?? "default", { fn: statement, exported, isDefault });
    if (statement.type !== "VariableDeclaration") return;
    for (const d of statement.declarations as Node[]) {
      const name = (d.id as { name?: string }).name;
      if (name && isFn(d.init)) found.set(name, { fn: d.init, exported, isDefault: false });
    }
  };
  for (const statement of program.body as Node[]) {
    if (statement.type === "ExportNamedDeclaration" && isNode(statement.declaration)) add(statement.declaration, true, false);
    else if (statement.type === "ExportDefaultDeclaration" && isNode(statement.declaration)) add(statement.declaration, true, true);
    else add(statement, false, false);
  }
  return found;
}

/** Whether the function awaits a guard in its own body (not in a nested callback), directly or through a local helper. */
function guarded(fn: Node, local: Fns, seen = new Set<Node>()): boolean {
  if (seen.has(fn)) return false;
  seen.add(fn);
  const visit = (node: Node): boolean => {
    if (node !== fn && isFn(node)) return false;
    if (node.type === "AwaitExpression" && isNode(node.argument) && node.argument.type === "CallExpression") {
      const callee = node.argument.callee as Node;
      const name = callee.type === "Identifier" ? (callee.name as string) : "";
      const helper = local.get(name);
      if (GUARDS.has(name) || (helper && guarded(helper.fn, local, seen))) return true;
    }
    return children(node).some(visit);
  };
  return visit(fn);
}

const parseSource = (source: string, file: string) => parseAst(source, { lang: file.endsWith("x") ? "tsx" : "ts" }, file) as unknown as Node;
const parse = (file: string) => parseSource(readFileSync(path.join(root, file), "utf8"), file);
const usesServer = (program: Node) => (program.body as Node[]).some((s) => s.type === "ExpressionStatement" && s.directive === "use server");

const pages = walk(path.join(root, "app/(studio)")).filter((f) => path.basename(f) === "page.tsx");
const actionFiles = walk(path.join(root, "app")).filter((f) => /actions[^/]*\.ts$/.test(path.basename(f)));

describe("every studio page checks the session itself", () => {
  it("finds the pages", () => {
    expect(pages).toEqual(expect.arrayContaining(["app/(studio)/page.tsx", "app/(studio)/arena/page.tsx", "app/(studio)/models/[id]/page.tsx", "app/(studio)/usage/page.tsx"]));
  });
  it.each(pages)("%s awaits requireViewer (or requireAdmin)", (file) => {
    const fns = functionsOf(parse(file));
    const page = [...fns.values()].find((f) => f.isDefault);
    expect(page, `${file} has no default export function`).toBeDefined();
    expect(guarded(page!.fn, fns), `${file}: add \`await requireViewer()\` at the top of the page`).toBe(true);
  });
});

describe("every exported server action checks the session itself", () => {
  const actions = actionFiles.flatMap((file) => {
    const program = parse(file);
    if (!usesServer(program)) return [];
    const fns = functionsOf(program);
    return [...fns.entries()].filter(([, f]) => f.exported).map(([name, f]) => ({ id: `${file}#${name}`, fn: f.fn, fns }));
  });
  it("finds the actions", () => {
    expect(actions.map((a) => a.id)).toEqual(expect.arrayContaining(["app/(studio)/actions.ts#startGeneration", "app/(studio)/compare/actions.ts#createComparisonAction", "app/(studio)/settings/users/actions.ts#inviteUserAction"]));
  });
  it.each(actions.filter((a) => !PUBLIC_ACTIONS.has(a.id)).map((a) => [a.id, a] as const))("%s awaits requireViewer (or requireAdmin)", (_, action) => {
    expect(guarded(action.fn, action.fns), `${action.id}: add \`await requireViewer()\` at the top of the action`).toBe(true);
  });
  it("the guard check catches an unguarded action", () => {
    const fns = functionsOf(parseSource("export async function a() { await doIt(); }\nexport async function b() { const f = async () => { await requireViewer(); }; await f; }", "x.ts"));
    expect(guarded(fns.get("a")!.fn, fns)).toBe(false);
    expect(guarded(fns.get("b")!.fn, fns)).toBe(false);
  });
});
