import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/db/generated/client.ts";
import { pgliteRunner, registerHotRunner } from "@/lib/db/hot-statements";
import { applyMigrations } from "@/lib/db/migrate";

/** An in-process PGlite with every migration, installed as the app's db() client. */
export async function memoryDb(): Promise<{ prisma: PrismaClient; close: () => Promise<void> }> {
  const pg = new PGlite();
  await applyMigrations(pg);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pg) });
  (globalThis as unknown as { darkroomDb?: Promise<PrismaClient> }).darkroomDb = Promise.resolve(prisma);
  registerHotRunner(prisma, pgliteRunner(pg));
  return {
    prisma,
    close: async () => {
      await prisma.$disconnect();
      await pg.close();
    },
  };
}
