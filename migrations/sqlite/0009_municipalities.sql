-- Municipalities share one installation without seeing each other: a team is a team within a
-- municipality. '' is the one municipality of an installation that never named one.
ALTER TABLE staff ADD COLUMN municipality TEXT NOT NULL DEFAULT '';
ALTER TABLE purged_cases ADD COLUMN municipality TEXT NOT NULL DEFAULT '';
