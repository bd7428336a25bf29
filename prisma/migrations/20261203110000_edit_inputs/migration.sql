-- Image edits: a generation's operation, the generation an edit came from, and the edit's input pictures
-- (stored content-addressed like outputs). Additive: existing generations are "generate".
ALTER TABLE "Generation" ADD COLUMN "operation" TEXT NOT NULL DEFAULT 'generate';
ALTER TABLE "Generation" ADD COLUMN "parentGenerationId" TEXT;

CREATE TABLE "GenerationInput" (
    "id" TEXT NOT NULL,
    "generationId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "sourceImageId" TEXT,
    "sourceGenerationId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GenerationInput_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "GenerationInput_generationId_fkey" FOREIGN KEY ("generationId") REFERENCES "Generation"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "GenerationInput_generationId_position_idx" ON "GenerationInput"("generationId", "position");
CREATE INDEX "GenerationInput_storageKey_idx" ON "GenerationInput"("storageKey");
CREATE INDEX "GenerationInput_sourceGenerationId_idx" ON "GenerationInput"("sourceGenerationId");
