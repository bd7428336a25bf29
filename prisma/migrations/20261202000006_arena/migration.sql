-- CreateTable
CREATE TABLE "ArenaBattle" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "category" TEXT,
    "setId" TEXT,
    "seed" BIGINT,
    "leftContestant" TEXT NOT NULL,
    "rightContestant" TEXT NOT NULL,
    "leftModel" TEXT NOT NULL,
    "rightModel" TEXT NOT NULL,
    "leftProvider" TEXT,
    "rightProvider" TEXT,
    "leftGenerationId" TEXT,
    "rightGenerationId" TEXT,
    "leftImageId" TEXT,
    "rightImageId" TEXT,
    "leftLatencyMs" INTEGER,
    "rightLatencyMs" INTEGER,
    "leftCostUsd" DOUBLE PRECISION,
    "rightCostUsd" DOUBLE PRECISION,
    "winner" TEXT,
    "votedAt" TIMESTAMP(3),
    "failure" TEXT,
    "imported" BOOLEAN NOT NULL DEFAULT false,
    "userId" TEXT,

    CONSTRAINT "ArenaBattle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ArenaPromptSet" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "name" TEXT NOT NULL,
    "prompts" JSONB NOT NULL,

    CONSTRAINT "ArenaPromptSet_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ArenaBattle_status_votedAt_idx" ON "ArenaBattle"("status", "votedAt");

-- CreateIndex
CREATE INDEX "ArenaBattle_category_status_idx" ON "ArenaBattle"("category", "status");

-- CreateIndex
CREATE INDEX "ArenaBattle_setId_status_idx" ON "ArenaBattle"("setId", "status");
