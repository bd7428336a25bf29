import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

const port = Number(process.env.DARKROOM_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

// Workers evaluate this file again; the environment carries the first evaluation's directory to them.
process.env.DARKROOM_E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "darkroom-e2e-"));
const dataDir = process.env.DARKROOM_E2E_DATA_DIR;

// Provider keys from the caller's shell must not turn a real provider on under test.
const noProviders = Object.fromEntries(
  [
    "VERTEX_PROJECT",
    "VERTEX_ACCESS_TOKEN",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "GEMINI_API_KEY",
    "FAL_KEY",
    "REPLICATE_API_TOKEN",
    "OPENAI_API_KEY",
    "AIMLAPI_KEY",
    "APIFRAME_API_KEY",
    "LUMENFALL_API_KEY",
    "DARKROOM_API_KEYS",
    "DATABASE_URL",
  ].map((name) => [name, ""]),
);

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  // Generous: two cores may be busy building while the suite runs.
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "on",
    launchOptions: {
      executablePath: "/usr/lib/chromium/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
      ],
    },
  },
  webServer: {
    command: `node node_modules/next/dist/bin/next start -H 127.0.0.1 -p ${port}`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      ...noProviders,
      NEXT_TELEMETRY_DISABLED: "1",
      HOST: "127.0.0.1",
      PORT: String(port),
      DARKROOM_DATA_DIR: dataDir,
      DARKROOM_PROVIDERS_FILE: path.join(dataDir, "no-providers.json"),
      ...(process.env.DARKROOM_DIST_DIR ? { DARKROOM_DIST_DIR: process.env.DARKROOM_DIST_DIR } : {}),
      DARKROOM_SIMULATOR: "on",
      // The specs assert Imagen 4 sizes for requests that name no model.
      DARKROOM_DEFAULT_MODEL: "imagen-4.0-generate-001",
      // The compare page's test needs one model that always fails.
      DARKROOM_SIMULATOR_FAILURE_RATE: "flux-schnell=1",
      // flux-schnell fails on purpose in every spec; without a cooldown its breaker never hides the reason.
      DARKROOM_BREAKER_COOLDOWN_MS: "0",
    },
  },
});
