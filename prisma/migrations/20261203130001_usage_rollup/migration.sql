-- Usage rollup: one row per settled UTC day, dimension (model, provider, key, user, source, status, endpoint)
-- and value, so a year of usage reads a few thousand rows instead of every generation. Latencies are kept
-- whole (not a histogram), so percentiles over any bucket stay exact.
CREATE TABLE "UsageDaily" (
    "dimension" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "value" TEXT NOT NULL,
    "generations" INTEGER NOT NULL,
    "images" INTEGER NOT NULL,
    "costUsd" DOUBLE PRECISION NOT NULL,
    "savedUsd" DOUBLE PRECISION NOT NULL,
    "succeeded" INTEGER NOT NULL,
    "partial" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "contentPolicy" INTEGER NOT NULL,
    "cancelled" INTEGER NOT NULL,
    "latencies" INTEGER[] NOT NULL,
    CONSTRAINT "UsageDaily_pkey" PRIMARY KEY ("dimension", "day", "value")
);

-- The days already rolled up (empty days too, so they are not scanned again).
CREATE TABLE "UsageDay" (
    "day" DATE NOT NULL,
    "rolledUpAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "UsageDay_pkey" PRIMARY KEY ("day")
);
