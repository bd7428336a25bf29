/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or WASM packages that must load from node_modules at run time, not be bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "sharp", "opentype.js", "pino", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  // Lets parallel builds (several worktrees' test runs on one machine) keep apart; `.next` by default.
  distDir: process.env.DARKROOM_DIST_DIR || ".next",
  // `npm test` type-checks the whole project (tsc --noEmit); skipping it here keeps the first `npm start` quick.
  typescript: { ignoreBuildErrors: true },
  // The playground's Edit mode uploads its pictures through a server action (1 MB by default).
  experimental: { serverActions: { bodySizeLimit: "64mb" } },
};

export default nextConfig;
