-- The job queue (lib/queue): async generations and webhook deliveries, claimed with FOR UPDATE SKIP LOCKED
-- under a visibility timeout, on PGlite and PostgreSQL alike. Times are timestamptz and always set by the
-- database's clock (now()), so instances with skewed clocks agree on when a lock has expired.
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "key" TEXT,
    "payload" JSONB NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "runAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "Job_key_key" ON "Job"("key");
CREATE INDEX "Job_state_runAt_idx" ON "Job"("state", "runAt");
CREATE INDEX "Job_state_lockedUntil_idx" ON "Job"("state", "lockedUntil");

-- Short leases: one instance at a time does a piece of background work (a thumbnail, a sweep).
CREATE TABLE "Lease" (
    "key" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "until" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Lease_pkey" PRIMARY KEY ("key")
);

-- Every async generation still pending when this runs becomes a job (before, they were resumed from the row).
INSERT INTO "Job" ("id", "queue", "key", "payload")
SELECT 'job_' || "id", 'generation', 'generation:' || "id", jsonb_build_object('generationId', "id")
FROM "Generation" WHERE "status" = 'pending' AND "async" = true;

-- The instance running a synchronous generation (lib/queue/instance.ts): when that instance stops
-- heartbeating (its "instance:<id>" lease runs out), another marks the generation interrupted.
ALTER TABLE "Generation" ADD COLUMN "runner" TEXT;
