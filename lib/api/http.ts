import "server-only";
import { randomUUID } from "node:crypto";
import { ApiError, asApiError } from "./errors";
import { logger } from "@/lib/server/logger";
import { DatabaseUnavailableError } from "@/lib/db/client";
import { withRequestLog } from "./request-log";
import { clipMessage, echo } from "./echo";
import { refuseForeignOrigin } from "./origin";
import { parseJsonBody } from "./request-body";
import { checkRouteParams } from "./route-params";

export interface RequestContext {
  requestId: string;
}

type Handler<P> = (req: Request, ctx: RequestContext, params: P) => Promise<Response>;

/** Every API route goes through here: a request id, the OpenAI error shape, and no stack traces leaked. */
export function apiRoute<P = unknown>(handler: Handler<P>) {
  return withRequestLog(async (req: Request, routeCtx: { params: Promise<P> }): Promise<Response> => {
    const requestId = req.headers.get("x-request-id")?.slice(0, 100) || `req_${randomUUID().replaceAll("-", "")}`;
    try {
      // proxy.ts refuses these first; checked here too so no handler depends on the proxy being mounted.
      refuseForeignOrigin(req);
      const params = await routeCtx.params;
      checkRouteParams(params);
      const response = await handler(req, { requestId }, params);
      response.headers.set("x-darkroom-request-id", requestId);
      return response;
    } catch (error) {
      return errorResponse(error, requestId);
    }
  });
}

export function errorResponse(error: unknown, requestId: string): Response {
  const apiError = asApiError(error);
  if (apiError) {
    const body = apiError.toBody();
    body.error.message = clipMessage(body.error.message);
    body.error.param = body.error.param === null ? null : echo(body.error.param);
    return Response.json(body, { status: apiError.status, headers: { "x-darkroom-request-id": requestId, ...apiError.headers } });
  }
  if (error instanceof DatabaseUnavailableError) {
    const body = { error: { message: `The database is unavailable: ${error.reason}`, type: "server_error", param: null, code: "database_unavailable" } };
    return Response.json(body, { status: 503, headers: { "x-darkroom-request-id": requestId, "retry-after": "5" } });
  }
  logger().error({ err: error, requestId }, "unhandled error");
  return Response.json(
    { error: { message: `Internal server error (request ${requestId})`, type: "server_error", param: null, code: "internal_error" } },
    { status: 500, headers: { "x-darkroom-request-id": requestId } },
  );
}

/** Reads a body with a size cap: a 413 beyond it (the declared length is checked before a byte is read). */
export async function readRequestBytes(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  const tooLarge = () =>
    new ApiError(413, `Request body is larger than ${maxBytes} bytes`, "invalid_request_error", null, "request_too_large");
  if (declared > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON body with a size cap: a 413 beyond it, a 400 for anything that is not storable JSON. */
export async function readRequestJson(req: Request, maxBytes: number): Promise<unknown> {
  return parseJsonBody((await readRequestBytes(req, maxBytes)).toString("utf8"));
}
