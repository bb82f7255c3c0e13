-- The month a purged case was opened, beside the month it was closed: the management report
-- counts a purged case as an active case in the periods it overlapped (a month is as exact as
-- the anonymous row needs to be). Rows purged before this migration have none: they count
-- from the month they were closed.
ALTER TABLE purged_cases ADD COLUMN opened_month TEXT;
