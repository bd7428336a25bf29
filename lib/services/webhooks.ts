import "server-only";
import { randomUUID } from "node:crypto";
import { isIP } from "node:net";
import { Webhook } from "standardwebhooks";
import { env } from "@/lib/config/env";
import { setWebhookStatus } from "@/lib/db/generations";
import { listWebhookDeliveries, recordWebhookDelivery, type WebhookDeliveryRecord } from "@/lib/db/webhook-deliveries";
import { isPublicAddress } from "@/lib/net/address-policy";
import { BlockedAddressError, fetchFailureReason, outboundFetch } from "@/lib/net/outbound";
import { redactSecrets } from "@/lib/security/redact";
import type { GatewayError } from "@/lib/generation/errors";
import type { Generation } from "@/lib/generation/generation";
import { enqueue, registerJobHandler, type Job, type JobResult } from "@/lib/queue/queue";
import { logger } from "@/lib/server/logger";

/**
 * The signer for DARKROOM_WEBHOOK_SECRET. A `whsec_<base64>` secret (what Standard Webhooks tools
 * generate) is used as its decoded bytes, as every Standard Webhooks library does; any other string is
 * used as its UTF-8 bytes, so receivers verify with `new Webhook(Buffer.from(secret))`.
 */
export function webhookSigner(secret: string): Webhook {
  try {
    return new Webhook(secret);
  } catch {
    return new Webhook(Buffer.from(secret, "utf8"));
  }
}

/** Why a webhook URL is refused before any connection, or undefined when it may be tried. */
export function webhookUrlProblem(raw: string, allowPrivate = env().DARKROOM_WEBHOOK_ALLOW_PRIVATE): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "webhook_url is not a URL";
  }
  if (url.username || url.password) return "webhook_url must not carry credentials";
  if (allowPrivate) return url.protocol === "https:" || url.protocol === "http:" ? undefined : "webhook_url must be an http(s) URL";
  if (url.protocol !== "https:") return "webhook_url must be an https URL (http and private addresses need DARKROOM_WEBHOOK_ALLOW_PRIVATE=true)";
  // Names are checked again at connect time (lib/net); literals and localhost can be refused right away.
  const host = url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
  if ((isIP(host) && !isPublicAddress(host)) || host === "localhost" || host.endsWith(".localhost")) {
    return "webhook_url points at a loopback or private address (allowed only with DARKROOM_WEBHOOK_ALLOW_PRIVATE=true)";
  }
  return undefined;
}

// Waits before each try: at once, then 1 s, 5 s, 30 s and 2 min (about 2.5 min in all).
const DELAYS_MS = [0, 1_000, 5_000, 30_000, 120_000];

/** What a finished generation tells its webhook: core values; the API layer renders its body from them. */
export interface WebhookEvent {
  id: string;
  url: string;
  outcome: { generation: Generation; error?: undefined } | { error: GatewayError; generation?: undefined };
}

export type WebhookPayloadRenderer = (event: WebhookEvent) => unknown;

// On globalThis: the renderer is registered once at start (lib/server/startup.ts), and every route
// bundle's copy of this module must see it. It lives in the API layer, which services must not import.
const hooks = globalThis as { darkroomWebhookRenderer?: WebhookPayloadRenderer };

export function setWebhookPayloadRenderer(renderer: WebhookPayloadRenderer): void {
  hooks.darkroomWebhookRenderer = renderer;
}

/** A delivery job's payload: the body is rendered once, so every retry (on any instance) sends the same bytes. */
interface DeliveryJob {
  generationId: string;
  url: string;
  body: string;
  webhookId: string;
  /** Overrides the retry schedule (tests). */
  delaysMs?: number[];
}

export const WEBHOOK_QUEUE = "webhook";

/** Queues the delivery of a generation's final state (once per generation); the queue retries it. */
export async function notifyWebhook(event: WebhookEvent, delaysMs?: number[]): Promise<void> {
  const render = hooks.darkroomWebhookRenderer;
  if (!render) throw new Error("no webhook payload renderer is registered (lib/server/startup.ts registers it)");
  await enqueueDelivery({ generationId: event.id, url: event.url, body: JSON.stringify(render(event)), delaysMs });
}

/** Queues a delivery of an already rendered payload. */
export async function enqueueDelivery({ generationId, url, body, delaysMs }: Omit<DeliveryJob, "webhookId">): Promise<void> {
  const payload: DeliveryJob = { generationId, url, body, webhookId: `msg_${randomUUID().replaceAll("-", "")}`, ...(delaysMs ? { delaysMs } : {}) };
  await enqueue({ queue: WEBHOOK_QUEUE, key: `webhook:${generationId}`, payload: payload as never, maxAttempts: (delaysMs ?? DELAYS_MS).length + 2 });
}

type Outcome = Pick<WebhookDeliveryRecord, "outcome" | "httpStatus" | "error">;

async function tryOnce(url: string, body: string, headers: Record<string, string>, allowPrivate: boolean): Promise<Outcome> {
  try {
    const init: RequestInit = { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(10_000) };
    const response = await outboundFetch(url, init, { allowPrivate });
    await response.body?.cancel();
    if (response.ok) return { outcome: "delivered", httpStatus: response.status };
    return { outcome: "failed", httpStatus: response.status, error: `receiver answered ${response.status}` };
  } catch (error) {
    const refused = error instanceof Error && error.cause instanceof BlockedAddressError;
    return { outcome: refused ? "refused" : "failed", error: redactSecrets(fetchFailureReason(error)) };
  }
}

// 4xx other than 408/429 says the receiver will never take this event; a refused address never changes.
const retryable = (o: Outcome) =>
  o.outcome === "failed" && (o.httpStatus === undefined || o.httpStatus >= 500 || o.httpStatus === 408 || o.httpStatus === 429);

/**
 * One try of a delivery job, signed per Standard Webhooks (webhook-id stays the same on every retry;
 * webhook-timestamp and webhook-signature are fresh), recorded as a WebhookDelivery row. Its number is
 * the count of tries recorded before it, so a job taken over from a dead instance continues the schedule.
 */
async function deliveryTry(job: Job): Promise<JobResult> {
  const { generationId: id, url, body, webhookId, delaysMs = DELAYS_MS } = job.payload as DeliveryJob;
  const log = logger().child({ generationId: id, webhookUrl: url });
  const secret = env().DARKROOM_WEBHOOK_SECRET;
  const tries = (await listWebhookDeliveries(id)).filter((d) => d.webhookId === webhookId);
  const last = tries.at(-1);
  // Taken over after its instance died between a final try and the job's completion: nothing left to do.
  const settled = last && !retryable({ outcome: last.outcome as Outcome["outcome"], httpStatus: last.httpStatus ?? undefined });
  if (tries.length >= delaysMs.length || settled) return;
  const index = tries.length;
  const allowPrivate = env().DARKROOM_WEBHOOK_ALLOW_PRIVATE;
  const problem = secret ? webhookUrlProblem(url, allowPrivate) : "DARKROOM_WEBHOOK_SECRET is no longer set";
  const started = Date.now();
  const timestamp = new Date();
  const headers = (signer: Webhook) => ({
    "content-type": "application/json",
    "user-agent": "darkroom-webhooks",
    "webhook-id": webhookId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": signer.sign(webhookId, timestamp, body),
  });
  const result: Outcome = problem ? { outcome: "refused", error: problem } : await tryOnce(url, body, headers(webhookSigner(secret!)), allowPrivate);
  await recordWebhookDelivery({ generationId: id, webhookId, attempt: index + 1, url, latencyMs: Date.now() - started, ...result });
  if (result.outcome === "delivered") return setWebhookStatus({ id, status: "delivered" });
  if (index === delaysMs.length - 1 || !retryable(result)) {
    log.warn({ attempt: index + 1, outcome: result.outcome, reason: result.error }, "webhook delivery gave up");
    return setWebhookStatus({ id, status: result.outcome === "refused" ? "refused" : "failed" });
  }
  log.info({ attempt: index + 1, reason: result.error, retryInMs: delaysMs[index + 1] }, "webhook delivery failed, retrying");
  return { retryInMs: delaysMs[index + 1]! };
}

registerJobHandler(WEBHOOK_QUEUE, deliveryTry);

/** The webhook deliveries of a generation, for its view (`webhook.deliveries`). */
export async function webhookDeliveries(generationId: string) {
  const rows = await listWebhookDeliveries(generationId);
  return rows.map(({ attempt, outcome, httpStatus, error, latencyMs, createdAt, webhookId }) => ({
    webhookId, attempt, outcome, httpStatus: httpStatus ?? undefined, error: error ?? undefined, latencyMs, at: createdAt,
  }));
}
