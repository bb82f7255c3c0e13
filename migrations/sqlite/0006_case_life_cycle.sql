-- Case life cycle: closing (with a reason), the journal export, the purge after the retention
-- period, and the wording history of goals for the journal.

ALTER TABLE cases ADD COLUMN closed_at INTEGER;
ALTER TABLE cases ADD COLUMN close_reason TEXT;
ALTER TABLE cases ADD COLUMN exported_at INTEGER;
-- When the caseworker and team leader were told that a closed case was never exported.
ALTER TABLE cases ADD COLUMN purge_reminded_at INTEGER;
CREATE INDEX cases_status ON cases(status);

-- Every wording a goal has had: the young person's own words and the network's wording.
CREATE TABLE goal_wordings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    goal_id INTEGER NOT NULL REFERENCES goals(id),
    audience TEXT NOT NULL,
    text TEXT,
    at INTEGER NOT NULL
);
CREATE INDEX goal_wordings_goal ON goal_wordings(goal_id, at);

-- What is left of a purged case: anonymous counts for management information. No case id,
-- code, nickname, participant or text.
CREATE TABLE purged_cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    team TEXT,
    closed_month TEXT NOT NULL,
    close_reason TEXT NOT NULL,
    goals INTEGER NOT NULL,
    participants INTEGER NOT NULL,
    answers INTEGER NOT NULL,
    alerts INTEGER NOT NULL,
    assessed_alerts INTEGER NOT NULL,
    meetings INTEGER NOT NULL,
    call_tasks INTEGER NOT NULL,
    purged_month TEXT NOT NULL
);

-- Goals written before this migration start their history with today's wording.
INSERT INTO goal_wordings (goal_id, audience, text, at)
    SELECT id, 'youth', youth_text, created_at FROM goals;
INSERT INTO goal_wordings (goal_id, audience, text, at)
    SELECT id, 'network', witness_text, updated_at FROM goals WHERE witness_text IS NOT NULL;
