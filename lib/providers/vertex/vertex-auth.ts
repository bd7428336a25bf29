import { readFile } from "node:fs/promises";
import { GoogleAuth } from "google-auth-library";
import { ProviderError } from "@/lib/providers/errors";
import { networkError, type FetchFn } from "@/lib/providers/shared/http";

const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
const PROVIDER = "vertex";

/** Returns a current OAuth access token for Vertex AI. */
export type TokenSource = (signal: AbortSignal) => Promise<string>;

export const staticToken =
  (token: string): TokenSource =>
  async () =>
    token;

function authError(message: string, cause?: unknown): ProviderError {
  return new ProviderError({ provider: PROVIDER, kind: "auth", message: `Vertex AI credentials: ${message}`, cause });
}

/** What a token endpoint said: OAuth's `{error, error_description}` or a Google error envelope. */
function tokenEndpointMessage(data: unknown): string | undefined {
  if (typeof data !== "object" || data === null) return typeof data === "string" && data ? data.slice(0, 300) : undefined;
  const { error, error_description: description } = data as { error?: unknown; error_description?: unknown };
  if (typeof error === "string") return typeof description === "string" ? `${error}: ${description}` : error;
  if (typeof error === "object" && error !== null && typeof (error as { message?: unknown }).message === "string") return (error as { message: string }).message;
  return undefined;
}

/** gaxios errors carry the token endpoint's answer in `response`. */
function tokenError(error: unknown): ProviderError {
  const response = (error as { response?: { status?: number; data?: unknown } }).response;
  if (!response?.status) {
    const message = error instanceof Error ? error.message : String(error);
    return new ProviderError({ provider: PROVIDER, kind: "unavailable", message: `Vertex AI token endpoint could not be reached: ${message}`, cause: error });
  }
  const kind = response.status >= 500 || response.status === 429 ? "unavailable" : "auth";
  return new ProviderError({
    provider: PROVIDER,
    kind,
    statusCode: response.status,
    message: `Vertex AI could not get an access token for the service account: the token endpoint answered ${response.status} (${tokenEndpointMessage(response.data) ?? "no details"})`,
    responseBody: response.data,
    cause: error,
  });
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener("abort", onAbort), resolve(value)),
      (error) => (signal.removeEventListener("abort", onAbort), reject(error)),
    );
  });
}

const requestUrl = (input: Parameters<FetchFn>[0]) => (input instanceof Request ? input.url : String(input));

/**
 * Access tokens minted from a credentials file (GOOGLE_APPLICATION_CREDENTIALS) by google-auth-library,
 * which caches each token until shortly before it expires.
 */
export function credentialsFileTokens(keyFile: string, fetchImpl?: FetchFn): TokenSource {
  type Client = ReturnType<GoogleAuth["fromJSON"]>;
  let client: Promise<Client> | undefined;
  const load = async (): Promise<Client> => {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(await readFile(keyFile, "utf8"));
    } catch (error) {
      throw authError(`cannot read GOOGLE_APPLICATION_CREDENTIALS file ${keyFile}: ${error instanceof Error ? error.message : error}`, error);
    }
    const tokenUri = typeof json.token_uri === "string" ? json.token_uri : undefined;
    const base = fetchImpl ?? fetch;
    // google-auth-library always posts to Google's token URL and ignores the key file's token_uri; honour
    // it (private endpoints, test servers) while the assertion's audience stays Google's URL.
    const routed: FetchFn = (input, init) =>
      base(tokenUri && tokenUri !== GOOGLE_TOKEN_URL && requestUrl(input) === GOOGLE_TOKEN_URL ? tokenUri : input, init);
    try {
      return new GoogleAuth({ scopes: [CLOUD_PLATFORM_SCOPE] }).fromJSON(json, { transporterOptions: { fetchImplementation: routed } });
    } catch (error) {
      throw authError(`${keyFile} is not a usable credentials file: ${error instanceof Error ? error.message : error}`, error);
    }
  };
  return async (signal) => {
    const pending = (client ??= load());
    pending.catch(() => {
      // A missing or broken file may be fixed while the server runs: try again next call.
      if (client === pending) client = undefined;
    });
    let token: string | null | undefined;
    try {
      const auth = await abortable(pending, signal);
      token = (await abortable(auth.getAccessToken(), signal)).token;
    } catch (error) {
      if (signal.aborted) throw networkError(PROVIDER, error, signal);
      throw error instanceof ProviderError ? error : tokenError(error);
    }
    if (!token) throw authError("the token endpoint returned no access token");
    return token;
  };
}
