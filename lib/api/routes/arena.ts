import "server-only";
import { z } from "zod";
import { battleImage } from "@/lib/arena/battle-image";
import { createBattle, voteBattle, type BattleView, type Reveal } from "@/lib/arena/battles";
import { exportBattles, importBattles } from "@/lib/arena/exchange";
import { leaderboard, parseBoard } from "@/lib/arena/leaderboard";
import { createPromptSet, listPromptSets } from "@/lib/arena/prompt-sets";
import type { Standing } from "@/lib/arena/ratings";
import { voterFilter } from "@/lib/arena/voter-filter";
import { seesEverything } from "@/lib/auth/viewer";
import { env } from "@/lib/config/env";
import { MEDIA_TYPES } from "@/lib/images/sniff";
import { MAX_SEED } from "@/lib/params/request-schema";
import { serverContext } from "@/lib/server/context";
import { authenticate, authenticateCaller, fileViewer } from "../key-auth";
import { ApiError, invalidRequest } from "../errors";
import { apiRoute, readRequestJson } from "../http";

const contestant = z.string().trim().min(1).max(200);
const battleBody = z.object({
  prompt: z.string().max(32_000).optional(),
  set_id: z.string().trim().min(1).max(100).optional(),
  contestants: z.tuple([contestant, contestant]).optional(),
  roster: z.array(contestant).min(2).max(100).optional(),
  category: z.string().trim().min(1).max(100).optional(),
  seed: z.number().int().min(0).max(MAX_SEED).optional(),
});
const voteBody = z.object({ winner: z.enum(["left", "right", "tie", "both_bad"]) });
const setBody = z.object({
  name: z.string().trim().min(1).max(200),
  category: z.string().trim().min(1).max(100),
  prompts: z.array(z.union([z.string().max(32_000), z.object({ prompt: z.string().max(32_000), category: z.string().max(100).optional() })])).min(1).max(1000),
});

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const param = issue.path.length ? issue.path.join(".") : null;
  throw invalidRequest(`${param ?? "body"}: ${issue.message}`, param);
}

const battleJson = (b: BattleView) => {
  const base = serverContext().publicUrl;
  return { id: b.id, prompt: b.prompt, category: b.category, set_id: b.setId, left: { image_url: `${base}${b.left.imagePath}` }, right: { image_url: `${base}${b.right.imagePath}` } };
};

const sideJson = (s: Reveal["left"]) => ({ contestant: s.contestant, model: s.model, provider: s.provider, provider_name: s.providerName, latency_ms: s.latencyMs, cost_usd: s.costUsd });

export const standingJson = (r: Standing) => ({
  contestant: r.contestant,
  rating: Math.round(r.rating * 10) / 10,
  ci_low: Math.round(r.ciLow * 10) / 10,
  ci_high: Math.round(r.ciHigh * 10) / 10,
  wins: r.wins,
  losses: r.losses,
  ties: r.ties,
  battles: r.battles,
  win_rate: Math.round(r.winRate * 1000) / 1000,
  rank: r.rank,
  preliminary: r.preliminary,
});

/** POST /v1/arena/battles: two anonymous images; identities only come back with the vote. */
export const createBattleRoute = apiRoute(async (req) => {
  const { viewer } = await authenticateCaller(req);
  const body = parse(battleBody, await readRequestJson(req, env().DARKROOM_MAX_BODY_BYTES));
  const battle = await createBattle({ prompt: body.prompt, setId: body.set_id, contestants: body.contestants, roster: body.roster, category: body.category, seed: body.seed, signal: req.signal, viewer });
  return Response.json(battleJson(battle), { status: 201 });
});

/** POST /v1/arena/battles/{id}/vote: records the verdict once, then reveals both sides. */
export const voteRoute = apiRoute<{ id: string }>(async (req, _ctx, { id }) => {
  const { viewer } = await authenticateCaller(req);
  const { winner } = parse(voteBody, await readRequestJson(req, env().DARKROOM_MAX_BODY_BYTES));
  const reveal = await voteBattle({ id, winner, viewer });
  return Response.json({ id: reveal.id, winner: reveal.winner, left: sideJson(reveal.left), right: sideJson(reveal.right) });
});

/** GET /v1/arena/battles/{id}/images/{left|right}: public like /images/…, and like them names nothing. */
export const battleImageRoute = apiRoute<{ id: string; side: string }>(async (req, _ctx, { id, side }) => {
  if (side !== "left" && side !== "right") throw invalidRequest("The side is left or right", "side");
  // Open in local mode; with accounts on, the battle's own user (or an admin), by session or key.
  const viewer = await fileViewer(req);
  const { bytes, format } = await battleImage({ id, side, viewer });
  return new Response(new Uint8Array(bytes), { headers: { "content-type": MEDIA_TYPES[format], "cache-control": "private, max-age=3600" } });
});

/** GET /v1/arena/leaderboard?board=…[&user=<id>|me]: everyone's votes, or one user's. */
export const leaderboardRoute = apiRoute(async (req) => {
  const { viewer } = await authenticateCaller(req);
  const query = new URL(req.url).searchParams;
  const board = await leaderboard(parseBoard(query.get("board")), voterFilter(viewer, query.get("user")));
  return Response.json({ board: board.board, data: board.rows.map(standingJson), battles: board.battles, updated_at: board.updatedAt });
});

/** GET /v1/arena/battles/export: JSON Lines in LMArena's battle format, streamed. */
export const exportRoute = apiRoute(async (req) => {
  const { viewer } = await authenticateCaller(req);
  const battles = exportBattles(viewer);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await battles.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
    },
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson", "content-disposition": 'attachment; filename="arena-battles.jsonl"' } });
});

const IMPORT_TYPES = ["application/x-ndjson", "application/jsonl", "application/json-lines", "text/plain"];
// Larger than an API body: a board's worth of battles is ~100 bytes a line.
const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export const importRoute = apiRoute(async (req) => {
  const { viewer } = await authenticateCaller(req);
  // Imported votes count on every board (and steer arena: aliases): the operator's call, not a member's.
  if (!seesEverything(viewer)) throw new ApiError(403, "Only an admin or an operator key can import battles", "permission_error", null, "admin_required");
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!IMPORT_TYPES.includes(type)) {
    throw new ApiError(415, `Send the battles as JSON Lines (content-type ${IMPORT_TYPES.join(", ")}), not '${type || "none"}'`, "invalid_request_error", "content-type", "unsupported_media_type");
  }
  if (Number(req.headers.get("content-length") ?? "0") > MAX_IMPORT_BYTES) {
    throw new ApiError(413, `An import is at most ${MAX_IMPORT_BYTES} bytes`, "invalid_request_error", null, "request_too_large");
  }
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_IMPORT_BYTES) throw new ApiError(413, `An import is at most ${MAX_IMPORT_BYTES} bytes`, "invalid_request_error", null, "request_too_large");
  const result = await importBattles(text, viewer);
  return Response.json({ imported: result.imported, refused: result.refused }, { status: result.imported ? 201 : 200 });
});

export const listSetsRoute = apiRoute(async (req) => {
  await authenticate(req);
  const sets = await listPromptSets();
  return Response.json({ object: "list", data: sets.map((s) => ({ id: s.id, name: s.name, built_in: s.builtIn, prompts: s.prompts })) });
});

export const createSetRoute = apiRoute(async (req) => {
  await authenticate(req);
  const body = parse(setBody, await readRequestJson(req, env().DARKROOM_MAX_BODY_BYTES));
  const set = await createPromptSet(body);
  return Response.json({ id: set.id, name: set.name, built_in: false, prompts: set.prompts }, { status: 201 });
});
