-- Meetings with their agendas, "se ske" wishes and meeting ratings; follow-up call tasks; the
-- statutory follow-up of each case; the daily digest's once-a-day mark. Dates without a time
-- (due dates) are ISO text `YYYY-MM-DD`, which sorts like the dates themselves.

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    meeting_at INTEGER NOT NULL,
    place TEXT,
    -- Bumped every time the meeting moves: the messages of the new time get new keys.
    revision INTEGER NOT NULL DEFAULT 0,
    agenda_at INTEGER NOT NULL,
    agenda_sent_at INTEGER,
    reminder_at INTEGER,
    reminder_sent_at INTEGER,
    draft_at INTEGER NOT NULL,
    draft_sent_at INTEGER,
    outcome_asked_at INTEGER,
    held_at INTEGER,
    closed_at INTEGER,
    created_by INTEGER REFERENCES staff(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX meetings_case ON meetings(case_id, meeting_at);
CREATE INDEX meetings_status ON meetings(status, meeting_at);

-- Who is invited, what they wished to see happen, whether they came and how it was for them.
CREATE TABLE meeting_invitees (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    agenda_sent_at INTEGER,
    checkin_id INTEGER REFERENCES checkins(id),
    wishes TEXT NOT NULL DEFAULT '[]',
    wishes_at INTEGER,
    attended INTEGER NOT NULL DEFAULT 1,
    rating_asked_at INTEGER,
    rating INTEGER,
    rating_comment TEXT,
    rated_at INTEGER,
    PRIMARY KEY (meeting_id, participant_id)
);
CREATE INDEX meeting_invitees_participant ON meeting_invitees(participant_id);

-- A call the caseworker must make: after a meeting, or because someone asked (/ring).
CREATE TABLE call_tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    meeting_id INTEGER REFERENCES meetings(id),
    reason TEXT NOT NULL,
    status TEXT NOT NULL,
    created_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    not_reached INTEGER NOT NULL DEFAULT 0,
    reminded_10 INTEGER NOT NULL DEFAULT 0,
    reminded_due INTEGER NOT NULL DEFAULT 0,
    outcome TEXT,
    note TEXT,
    done_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (meeting_id, participant_id)
);
CREATE INDEX call_tasks_open ON call_tasks(status, due_on);
CREATE INDEX call_tasks_case ON call_tasks(case_id);

-- The statutory follow-up of a case's plan (Barnets Lov §95): one row per case.
CREATE TABLE statutory_follow_ups (
    case_id INTEGER PRIMARY KEY REFERENCES cases(id),
    support_started_on TEXT,
    due_on TEXT NOT NULL,
    reminded_14 INTEGER NOT NULL DEFAULT 0,
    reminded_due INTEGER NOT NULL DEFAULT 0,
    alerted INTEGER NOT NULL DEFAULT 0,
    escalated INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);
CREATE INDEX statutory_due ON statutory_follow_ups(due_on);

-- The daily digest was handled for this staff member on this local date (sent or empty).
CREATE TABLE staff_digests (
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    on_date TEXT NOT NULL,
    sent INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (staff_id, on_date)
);
