// The app's route handlers in this process, routed as Next routes them: proxy guard first, then the most
// specific route file, its params decoded; an embedded database in memory and a fresh data dir.
import { readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { guardRequest } from "@/lib/api/proxy-guard";
import { resetEnvForTests } from "@/lib/config/env";
import { PrismaClient } from "@/lib/db/generated/client.ts";
import { pgliteRunner, registerHotRunner } from "@/lib/db/hot-statements";
import { applyMigrations } from "@/lib/db/migrate";

type RouteHandler = (req: Request, ctx: { params: Promise<unknown> }) => Promise<Response>;
type Segment = { kind: "static"; name: string } | { kind: "param" | "catchall" | "optional"; name: string };
interface Route {
  file: string;
  segments: Segment[];
  module?: Record<string, unknown>;
}

const RANK = { static: 0, param: 1, catchall: 2, optional: 3 } as const;

function parseSegment(part: string): Segment {
  const optional = /^\[\[\.\.\.(.+)\]\]$/.exec(part);
  if (optional) return { kind: "optional", name: optional[1]! };
  const catchall = /^\[\.\.\.(.+)\]$/.exec(part);
  if (catchall) return { kind: "catchall", name: catchall[1]! };
  const param = /^\[(.+)\]$/.exec(part);
  return param ? { kind: "param", name: param[1]! } : { kind: "static", name: part };
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith("(") ? [] : routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

function compareRoutes(a: Route, b: Route): number {
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const x = a.segments[i];
    const y = b.segments[i];
    if (!x || !y) return x ? -1 : 1;
    if (RANK[x.kind] !== RANK[y.kind]) return RANK[x.kind] - RANK[y.kind];
  }
  return 0;
}

const ROOT = path.resolve(import.meta.dirname, "../..");
const ROUTES: Route[] = routeFiles(path.join(ROOT, "app"))
  .map((file) => ({ file, segments: path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep).filter(Boolean).map(parseSegment) }))
  .sort(compareRoutes);

/** Params as Next decodes them (each segment with decodeURIComponent), or undefined when the route does not match. */
function match(route: Route, parts: string[]): Record<string, string | string[]> | undefined {
  const params: Record<string, string | string[]> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i]!;
    if (segment.kind === "static") {
      if (parts[i] !== segment.name) return undefined;
    } else if (segment.kind === "param") {
      if (parts[i] === undefined) return undefined;
      params[segment.name] = decodeURIComponent(parts[i]!);
    } else {
      const rest = parts.slice(i);
      if (segment.kind === "catchall" && rest.length === 0) return undefined;
      if (rest.length) params[segment.name] = rest.map((p) => decodeURIComponent(p));
      return params;
    }
  }
  return parts.length === route.segments.length ? params : undefined;
}

/** One request through the guard and the route table; undefined when no route file serves the path (a page). */
export async function dispatch(req: Request): Promise<Response | undefined> {
  const guard = guardRequest(req);
  if (guard.response) return guard.response;
  const parts = new URL(req.url).pathname.split("/").filter(Boolean);
  for (const route of ROUTES) {
    const params = match(route, parts);
    if (!params) continue;
    route.module ??= (await import(route.file)) as Record<string, unknown>;
    const method = req.method === "HEAD" ? "GET" : req.method;
    const handler = route.module[method] as RouteHandler | undefined;
    // Next answers OPTIONS itself when a route file does not, and any other missing method with an empty 405.
    if (!handler) return new Response(null, { status: method === "OPTIONS" ? 204 : 405 });
    const response = await handler(req, { params: Promise.resolve(params) });
    for (const [name, value] of Object.entries(guard.headers)) response.headers.set(name, value);
    return response;
  }
  return undefined;
}

export interface InProcessApp {
  url: string;
  request(pathname: string, init?: RequestInit): Promise<Response>;
  dispose(): Promise<void>;
}

/** Starts the in-process app on a fresh data dir with `env` over the defaults (simulator only, no keys). */
export async function startInProcessApp(env: Record<string, string> = {}): Promise<InProcessApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "darkroom-inproc-"));
  const previous = { ...process.env };
  for (const key of Object.keys(process.env)) if (/^(DARKROOM_|DATABASE_URL|[A-Z]+_API_KEY|FAL_KEY|REPLICATE_API_TOKEN|VERTEX_)/.test(key)) delete process.env[key];
  Object.assign(process.env, { DARKROOM_DATA_DIR: dataDir, LOG_LEVEL: "silent", HOST: "127.0.0.1", PORT: "3000", ...env });
  resetEnvForTests();
  const holder = globalThis as unknown as { darkroomDb?: Promise<PrismaClient>; darkroomContext?: unknown };
  holder.darkroomContext = undefined;
  const pg = new PGlite();
  await applyMigrations(pg);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pg) });
  holder.darkroomDb = Promise.resolve(prisma);
  registerHotRunner(prisma, pgliteRunner(pg));
  // What start-up registers before any work runs (the webhook payload renderer).
  (await import("@/lib/server/startup")).registerHooks();
  const url = "http://127.0.0.1:3000";
  return {
    url,
    request: async (pathname, init) => {
      const response = await dispatch(new Request(`${url}${pathname}`, init));
      if (!response) throw new Error(`no route file serves ${pathname}`);
      return response;
    },
    dispose: async () => {
      // Thumbnails are made in the background after a generation answers: let them land first.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await prisma.$disconnect();
      await pg.close();
      holder.darkroomDb = undefined;
      holder.darkroomContext = undefined;
      process.env = previous;
      resetEnvForTests();
      await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}
