-- Ownership: the user (and the virtual API key) that made each generation, comparison and arena battle.
-- Additive and nullable: rows made before accounts have no owner and are visible to admins only.
ALTER TABLE "Generation" ADD COLUMN "userId" TEXT;
ALTER TABLE "Generation" ADD COLUMN "apiKeyId" TEXT;
ALTER TABLE "Comparison" ADD COLUMN "userId" TEXT;

-- Keys attributed before this migration keep their link.
UPDATE "Generation" g SET "apiKeyId" = k."apiKeyId" FROM "GenerationKey" k WHERE k."generationId" = g."id";
UPDATE "Generation" g SET "userId" = a."userId" FROM "ApiKey" a WHERE a."id" = g."apiKeyId" AND g."userId" IS NULL;

CREATE INDEX "Generation_userId_createdAt_id_idx" ON "Generation"("userId", "createdAt" DESC, "id" DESC);
CREATE INDEX "Generation_apiKeyId_createdAt_id_idx" ON "Generation"("apiKeyId", "createdAt" DESC, "id" DESC);
CREATE INDEX "Comparison_userId_createdAt_id_idx" ON "Comparison"("userId", "createdAt" DESC, "id" DESC);
CREATE INDEX "ArenaBattle_userId_status_idx" ON "ArenaBattle"("userId", "status");
