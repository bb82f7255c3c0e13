-- Staff changes: a staff member who has left is deactivated (refused everything, sent
-- nothing; their cases go to the team leader until handed over), and an absent caseworker's
-- new alerts and digests go to a cover for a period. Dates are ISO text `YYYY-MM-DD`
-- (local, both days included).
ALTER TABLE staff ADD COLUMN deactivated_at INTEGER;

CREATE TABLE staff_absences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    -- NULL: the team leader covers.
    cover_id INTEGER REFERENCES staff(id),
    from_on TEXT NOT NULL,
    to_on TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    ended_at INTEGER
);
CREATE INDEX staff_absences_staff ON staff_absences(staff_id, to_on);
