-- Thumbnails are made when first viewed (lib/services/thumbnails.ts): no background filler looks for images
-- without one any more, and every new image would enter this partial index for nothing.
DROP INDEX IF EXISTS "Image_pending_thumbnail_idx";
