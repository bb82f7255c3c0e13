-- Check-ins, answers, reports, participant notes, alerts and assessments.

ALTER TABLE participants ADD COLUMN rhythm TEXT;
ALTER TABLE participants ADD COLUMN next_checkin_at INTEGER;
ALTER TABLE participants ADD COLUMN paused_until INTEGER;
CREATE INDEX participants_due ON participants(status, next_checkin_at);

-- Urgent messages (safety answers, urgent alerts) overtake a backlog of check-ins.
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_claim ON outbox(status, priority, id);

-- A round of questions to one participant.
CREATE TABLE checkins (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    case_id INTEGER NOT NULL REFERENCES cases(id),
    planned_at INTEGER NOT NULL,
    release_at INTEGER NOT NULL,
    trigger TEXT NOT NULL,
    status TEXT NOT NULL,
    reminded_at INTEGER,
    closed_at INTEGER,
    created_at INTEGER NOT NULL,
    UNIQUE (participant_id, planned_at)
);
CREATE INDEX checkins_status ON checkins(status, release_at);
CREATE INDEX checkins_participant ON checkins(participant_id, planned_at);

-- One question about one goal in one check-in; `value` is the answer that counts.
CREATE TABLE prompts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    checkin_id INTEGER NOT NULL REFERENCES checkins(id),
    goal_id INTEGER NOT NULL REFERENCES goals(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    status TEXT NOT NULL,
    value INTEGER,
    planned_at INTEGER NOT NULL,
    sent_at INTEGER NOT NULL,
    answered_at INTEGER,
    changed_at INTEGER,
    expired_at INTEGER,
    UNIQUE (checkin_id, goal_id)
);
CREATE INDEX prompts_history ON prompts(participant_id, goal_id, status);

-- Every tap, so a changed answer is kept.
CREATE TABLE answer_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    prompt_id INTEGER NOT NULL REFERENCES prompts(id),
    value INTEGER,
    at INTEGER NOT NULL
);
CREATE INDEX answer_events_prompt ON answer_events(prompt_id);

-- A witness's or parent's report of a change (bedre / uændret / værre).
CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    goal_id INTEGER REFERENCES goals(id),
    direction TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX reports_case ON reports(case_id, created_at);

-- Free text a participant wrote (a comment after a check-in, a report's text, a message).
CREATE TABLE notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    kind TEXT NOT NULL,
    report_id INTEGER REFERENCES reports(id),
    body TEXT NOT NULL,
    danger TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX notes_case ON notes(case_id, created_at);

-- Something the caseworker must assess.
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    goal_id INTEGER REFERENCES goals(id),
    participant_id INTEGER REFERENCES participants(id),
    rule TEXT NOT NULL,
    urgency TEXT NOT NULL,
    facts TEXT NOT NULL,
    status TEXT NOT NULL,
    raised_at INTEGER NOT NULL,
    reminded_at INTEGER,
    escalated_at INTEGER,
    closed_at INTEGER,
    replaced_by INTEGER
);
CREATE INDEX alerts_case ON alerts(case_id, goal_id, raised_at);
CREATE INDEX alerts_status ON alerts(status, raised_at);

-- The caseworker's documented decision on an alert (faglig vurdering).
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id INTEGER NOT NULL REFERENCES alerts(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    decision TEXT NOT NULL,
    reason TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX assessments_alert ON assessments(alert_id);

-- A witness or parent sees a goal reliably worse than the young person does: for the agenda.
CREATE TABLE disagreements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    goal_id INTEGER NOT NULL REFERENCES goals(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    youth_value INTEGER NOT NULL,
    other_value INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX disagreements_case ON disagreements(case_id, created_at);

-- The poller answered a danger message itself while the database was down.
ALTER TABLE inbox ADD COLUMN safety_replied INTEGER NOT NULL DEFAULT 0;
