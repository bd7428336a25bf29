// `npm test`: builds the app, then runs unit tests, integration tests on the embedded database (PGlite),
// the same integration tests on PostgreSQL when a server answers, and the browser tests.
import { spawnSync } from "node:child_process";
import pg from "pg";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };
const bin = (name: string) => `node_modules/.bin/${name}`;

function step(title: string, command: string, args: string[], extraEnv: Record<string, string> = {}): void {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  if (result.status !== 0) {
    console.error(`\n✗ ${title} failed`);
    process.exit(result.status ?? 1);
  }
}

async function postgresAvailable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const only = process.argv[2];
step("type check (tsc --noEmit)", bin("tsc"), ["--noEmit", "-p", "."]);
step("build (next build)", process.execPath, [bin("next"), "build"]);
if (!only || only === "unit") step("unit tests", bin("vitest"), ["run", "--project", "unit"]);
if (!only || only === "integration") {
  step("integration tests on PGlite (embedded default)", bin("vitest"), ["run", "--project", "integration"]);
  const postgresUrl = process.env.DARKROOM_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const problem = await postgresAvailable(postgresUrl);
  if (problem) {
    console.log(`\n⚠ PostgreSQL pass SKIPPED: no PostgreSQL server answered at ${postgresUrl} (${problem}).`);
    console.log("  Set DARKROOM_TEST_POSTGRES_URL to a server's admin URL to run the integration tests on PostgreSQL too.");
  } else {
    step(`integration tests on PostgreSQL (${postgresUrl})`, bin("vitest"), ["run", "--project", "integration"], {
      DARKROOM_TEST_POSTGRES_URL: postgresUrl,
    });
  }
}
if (!only || only === "e2e") step("browser tests (Playwright, Debian chromium)", bin("playwright"), ["test"]);
console.log("\n✓ all test suites passed");
