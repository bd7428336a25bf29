-- Thumbnails are made off the request path (lib/services/thumbnails.ts): an image row exists before its
-- thumbnail and placeholder do.
-- AlterTable
ALTER TABLE "Image" ALTER COLUMN "thumbnailKey" DROP NOT NULL,
ALTER COLUMN "placeholder" DROP NOT NULL;

-- CreateIndex
-- Hand-written: the background filler looks for images still without a thumbnail.
CREATE INDEX "Image_pending_thumbnail_idx" ON "Image"("id") WHERE "thumbnailKey" IS NULL;
