-- CreateTable
CREATE TABLE "Comparison" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "prompt" TEXT NOT NULL,
    "negativePrompt" TEXT,
    "seed" BIGINT NOT NULL,
    "aspectRatio" TEXT NOT NULL,
    "resolution" TEXT NOT NULL,
    "targets" JSONB NOT NULL,
    "failures" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "Comparison_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Comparison_createdAt_id_idx" ON "Comparison"("createdAt" DESC, "id" DESC);

-- CreateIndex
-- Hand-written: Generation.comparisonId has no Prisma relation; a comparison reads its generations by this column.
CREATE INDEX "Generation_comparisonId_idx" ON "Generation"("comparisonId");
