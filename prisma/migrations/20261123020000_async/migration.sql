-- AlterTable
ALTER TABLE "Generation" ADD COLUMN "idempotencyKey" TEXT,
ADD COLUMN "requestHash" TEXT,
ADD COLUMN "async" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "webhookUrl" TEXT,
ADD COLUMN "webhookStatus" TEXT,
ADD COLUMN "response" JSONB;

-- CreateIndex
CREATE UNIQUE INDEX "Generation_idempotencyKey_key" ON "Generation"("idempotencyKey");
