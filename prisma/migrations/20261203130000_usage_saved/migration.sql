-- Usage page, "what routing saved": the most expensive eligible provider's estimate, recorded at routing time.
ALTER TABLE "Generation" ADD COLUMN "ceilingCostUsd" DOUBLE PRECISION;

-- Usage page, breaker openings over a range: one row per opening of an endpoint's (or provider's) circuit.
CREATE TABLE "BreakerEvent" (
    "id" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "reason" TEXT,
    CONSTRAINT "BreakerEvent_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "BreakerEvent_endpoint_openedAt_key" ON "BreakerEvent"("endpoint", "openedAt");
CREATE INDEX "BreakerEvent_openedAt_idx" ON "BreakerEvent"("openedAt");
