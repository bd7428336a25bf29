/**
 * Gemini image models Vertex AI serves only from the `global` location (their Vertex model pages list no
 * region, read 2026-12-03): calls go there whatever VERTEX_LOCATION says, since a region would answer 404.
 */
export const GLOBAL_ONLY_MODELS: ReadonlySet<string> = new Set(["gemini-3.1-flash-image", "gemini-3.1-flash-lite-image"]);

export interface VertexLocationSettings {
  project: string;
  /** Region such as us-central1, or `global`. */
  location: string;
  /** Overrides the host for every location (tests, private endpoints). */
  baseUrl?: string;
}

export function vertexBaseUrl(location: string): string {
  return location === "global" ? "https://aiplatform.googleapis.com" : `https://${location}-aiplatform.googleapis.com`;
}

/** Where `model` is called with `method` (`predict`, `generateContent`), and the location that serves it. */
export function vertexModelEndpoint(settings: VertexLocationSettings, model: string, method: string): { url: string; location: string } {
  const location = GLOBAL_ONLY_MODELS.has(model) ? "global" : settings.location;
  const host = (settings.baseUrl ?? vertexBaseUrl(location)).replace(/\/+$/, "");
  const path = `/v1/projects/${encodeURIComponent(settings.project)}/locations/${encodeURIComponent(location)}/publishers/google/models/${encodeURIComponent(model)}:${method}`;
  return { url: `${host}${path}`, location };
}
