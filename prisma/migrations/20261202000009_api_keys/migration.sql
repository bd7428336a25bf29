-- Virtual API keys (dk_...): only the sha256 of the key is stored; userId waits for user accounts.
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "monthlyBudgetUsd" DOUBLE PRECISION,
    "rateLimitPerMinute" INTEGER,
    "userId" TEXT,
    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");
CREATE INDEX "ApiKey_userId_idx" ON "ApiKey"("userId");

-- Which key made which generation (plain ids: the Generation model stays untouched).
CREATE TABLE "GenerationKey" (
    "generationId" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GenerationKey_pkey" PRIMARY KEY ("generationId")
);
CREATE INDEX "GenerationKey_apiKeyId_createdAt_idx" ON "GenerationKey"("apiKeyId", "createdAt");

-- A key's budget month (YYYY-MM, UTC): reserved estimates of running requests plus settled costs.
-- One row per key and month, so a single conditional UPDATE reserves atomically.
CREATE TABLE "ApiKeyBudget" (
    "apiKeyId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "reservedUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "spentUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    CONSTRAINT "ApiKeyBudget_pkey" PRIMARY KEY ("apiKeyId", "month")
);
