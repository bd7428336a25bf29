-- Retention: a generation's payload policy (purge deadline, store:false), tombstones of purged images
-- (their URLs answer 410) and a key's default policy. Additive: existing generations keep the source default.
CREATE TABLE "GenerationRetention" (
    "generationId" TEXT NOT NULL,
    "purgeAfter" TIMESTAMP(3),
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    "unstored" BOOLEAN NOT NULL DEFAULT false,
    "payloadsPurgedAt" TIMESTAMP(3),
    CONSTRAINT "GenerationRetention_pkey" PRIMARY KEY ("generationId")
);
CREATE INDEX "GenerationRetention_purgeAfter_idx" ON "GenerationRetention"("purgeAfter");

CREATE TABLE "PurgedImage" (
    "id" TEXT NOT NULL,
    "generationId" TEXT NOT NULL,
    "purgedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PurgedImage_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "PurgedImage_generationId_idx" ON "PurgedImage"("generationId");

ALTER TABLE "ApiKey" ADD COLUMN "retention" TEXT;
