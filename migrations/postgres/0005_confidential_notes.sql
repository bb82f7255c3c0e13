-- What participants write to the caseworker is confidential: it reaches the printable agenda
-- draft (which others at the meeting see) only when the caseworker taps "Tag med på mødet".
ALTER TABLE notes ADD COLUMN on_agenda_at BIGINT;
