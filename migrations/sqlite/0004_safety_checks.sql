-- Safeguarding in two tiers: a Bekymring (possible danger) asks the young person "Er du i fare
-- lige nu?" with buttons. The question waits here for an answer; unanswered after its deadline
-- it escalates the possible-concern alerts linked to it to urgent ones.
CREATE TABLE safety_checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL,
    -- The participation that wrote the text (the first one for a person in several cases).
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    category TEXT NOT NULL,
    signal TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    escalate_at INTEGER NOT NULL,
    answer TEXT,
    answered_at INTEGER,
    escalated_at INTEGER
);
CREATE INDEX safety_checks_due ON safety_checks(escalate_at) WHERE answer IS NULL AND escalated_at IS NULL;

-- The possible-concern alerts one check raised (one per case of the person).
CREATE TABLE safety_check_alerts (
    check_id INTEGER NOT NULL REFERENCES safety_checks(id),
    alert_id INTEGER NOT NULL REFERENCES alerts(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    PRIMARY KEY (check_id, alert_id)
);
