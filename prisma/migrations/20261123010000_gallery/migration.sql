-- DropIndex
DROP INDEX "Generation_status_idx";

-- AlterTable
-- Hand-edited: Prisma declares the column as Unsupported("tsvector") with @default(dbgenerated()); PostgreSQL keeps it in step with "prompt".
ALTER TABLE "Generation" ADD COLUMN "promptSearch" tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "prompt")) STORED;

-- CreateIndex
CREATE INDEX "Generation_costUsd_id_idx" ON "Generation"("costUsd" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Generation_model_createdAt_id_idx" ON "Generation"("model", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Generation_provider_createdAt_id_idx" ON "Generation"("provider", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Generation_source_createdAt_id_idx" ON "Generation"("source", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Generation_status_createdAt_id_idx" ON "Generation"("status", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Generation_favorite_createdAt_id_idx" ON "Generation"("favorite", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Generation_promptSearch_idx" ON "Generation" USING GIN ("promptSearch");

-- CreateIndex
CREATE INDEX "Image_thumbnailKey_idx" ON "Image"("thumbnailKey");
