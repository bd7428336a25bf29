-- A generation its caller cancelled (or the gateway's deadline stopped) is neither failed nor interrupted.
ALTER TYPE "GenerationStatus" ADD VALUE IF NOT EXISTS 'cancelled';
