-- The management report reads per goal only the young person's first and last three answers
-- (baseline against current): walked in this index, a year of weekly answers costs six rows
-- per goal instead of sorting every answer.
CREATE INDEX prompts_answers ON prompts(goal_id, answered_at, id)
    WHERE status = 'answered' AND value IS NOT NULL AND answered_at IS NOT NULL;
-- It counts the check-ins released in the period from this index alone, and looks up whether
-- an answered check-in had any answered question in the next.
CREATE INDEX checkins_release ON checkins(release_at, participant_id, case_id, status);
CREATE INDEX prompts_answered_checkin ON prompts(checkin_id) WHERE status = 'answered';
