import "server-only";
import { ApiError } from "./errors";
import { corsHeaders, isPreflight, preflightAnswer, refuseForeignOrigin } from "./origin";
import { urlProblem } from "./route-params";

const API_PATH = /^\/(v1|openai|images|api|metrics)(\/|$)/;

export interface GuardVerdict {
  /** Answered here: the request never reaches a route, a page or a server action. */
  response?: Response;
  /** Added to the route's response (CORS grants for listed origins). */
  headers: Record<string, string>;
}

function refusal(error: ApiError, apiPath: boolean): Response {
  if (apiPath) return Response.json(error.toBody(), { status: error.status });
  return new Response(`${error.message}\n`, { status: error.status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/**
 * What runs before every request (proxy.ts): paths Next could not decode, CORS preflights, and
 * state-changing requests (API calls and server actions alike) from foreign origins.
 */
export function guardRequest(req: Request): GuardVerdict {
  const url = new URL(req.url);
  const apiPath = API_PATH.test(url.pathname);
  const problem = urlProblem(url);
  if (problem) return { response: refusal(new ApiError(400, problem, "invalid_request_error", null, "invalid_path"), apiPath), headers: {} };
  if (isPreflight(req)) return { response: preflightAnswer(req), headers: {} };
  try {
    refuseForeignOrigin(req);
  } catch (error) {
    return { response: refusal(error as ApiError, true), headers: {} };
  }
  return { headers: corsHeaders(req) };
}
