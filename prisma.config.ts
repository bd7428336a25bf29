import { defineConfig } from "prisma/config";

// `env("DATABASE_URL")` throws when unset and would break `prisma generate` on the embedded default.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/darkroom" },
});
