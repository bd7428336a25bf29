// How to turn each provider on: the variables to set and where its key comes from. Names only; the
// values live in the server's environment and never reach a page.

export interface SetupHelp {
  /** What must be set, as one phrase (a list would hide how the variables combine). */
  required: string;
  /** Variables with working defaults. */
  optional?: string[];
  /** Where to create the key or credential. */
  keyFrom?: { label: string; href: string };
  note?: string;
}

export const SETUP_HELP: Record<string, SetupHelp> = {
  vertex: {
    required: "VERTEX_PROJECT and one of GOOGLE_APPLICATION_CREDENTIALS or VERTEX_ACCESS_TOKEN",
    optional: ["VERTEX_LOCATION", "VERTEX_BASE_URL"],
    keyFrom: { label: "Google Cloud console: service accounts", href: "https://console.cloud.google.com/iam-admin/serviceaccounts" },
    note: "Enable the Vertex AI API on the project. GOOGLE_APPLICATION_CREDENTIALS is the path of a service-account JSON key; VERTEX_ACCESS_TOKEN is a short-lived token (gcloud auth print-access-token).",
  },
  gemini: {
    required: "GEMINI_API_KEY",
    optional: ["GEMINI_BASE_URL"],
    keyFrom: { label: "Google AI Studio: API keys", href: "https://aistudio.google.com/apikey" },
    note: "Image models may need a paid tier: billing enabled on the key’s project.",
  },
  fal: {
    required: "FAL_KEY",
    optional: ["FAL_QUEUE_URL"],
    keyFrom: { label: "fal dashboard: keys", href: "https://fal.ai/dashboard/keys" },
    note: "Use the whole key (id:secret) as fal shows it.",
  },
  replicate: {
    required: "REPLICATE_API_TOKEN",
    optional: ["REPLICATE_BASE_URL"],
    keyFrom: { label: "Replicate: API tokens", href: "https://replicate.com/account/api-tokens" },
  },
  openai: {
    required: "OPENAI_API_KEY",
    optional: ["OPENAI_BASE_URL"],
    keyFrom: { label: "OpenAI platform: API keys", href: "https://platform.openai.com/api-keys" },
    note: "GPT Image models may ask you to verify your organization first (OpenAI platform settings).",
  },
  lumenfall: {
    required: "LUMENFALL_API_KEY",
    optional: ["LUMENFALL_BASE_URL"],
    keyFrom: { label: "Lumenfall dashboard: API keys", href: "https://lumenfall.ai/app" },
  },
  aimlapi: {
    required: "AIMLAPI_KEY",
    optional: ["AIMLAPI_BASE_URL"],
    keyFrom: { label: "AIML API: keys", href: "https://aimlapi.com/app/keys" },
  },
  apiframe: {
    required: "APIFRAME_API_KEY",
    optional: ["APIFRAME_BASE_URL"],
    keyFrom: { label: "apiframe dashboard: API keys", href: "https://apiframe.ai" },
    note: "Keys start with afk_.",
  },
  local: {
    required: "DARKROOM_SIMULATOR=on, off or auto (auto: on while no real provider is configured)",
    note: "Free stand-in images, always labelled Simulated. Pin it with local/<model>.",
  },
};

/** A server declared in darkroom.providers.json: its key variable, if it has one. */
export const declaredServerHelp = (enabledBy: string[]): SetupHelp => ({
  required: enabledBy.length ? `${enabledBy.join(", ")} (named by apiKeyEnv in darkroom.providers.json)` : "Nothing: declared in darkroom.providers.json without a key",
  optional: ["DARKROOM_PROVIDERS_FILE"],
});

/** Your own GPU box (LocalAI, vLLM-style servers, another Darkroom): declared in a file, not by one variable. */
export const OWN_SERVER_EXAMPLE = `{
  "providers": [
    { "id": "gpubox", "name": "GPU box", "baseUrl": "http://gpu-box:8080/v1", "apiKeyEnv": "GPUBOX_KEY",
      "models": [{ "model": "flux-dev", "providerModelId": "flux.1-dev", "pricePerImage": 0 }] }
  ]
}`;
