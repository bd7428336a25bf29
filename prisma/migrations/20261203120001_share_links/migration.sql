-- Public read-only share links: one per generation or comparison, removed when sharing is turned off.
CREATE TABLE "ShareLink" (
    "token" TEXT NOT NULL,
    "generationId" TEXT,
    "comparisonId" TEXT,
    "userId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ShareLink_pkey" PRIMARY KEY ("token")
);
CREATE UNIQUE INDEX "ShareLink_generationId_key" ON "ShareLink"("generationId");
CREATE UNIQUE INDEX "ShareLink_comparisonId_key" ON "ShareLink"("comparisonId");
