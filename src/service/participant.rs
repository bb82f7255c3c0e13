//! A participant's check-in rhythm as stored, with the role's default when none is set.

use crate::domain::participant::Role;
use crate::domain::schedule::Rhythm;
use crate::store::ParticipantRecord;

/// The rhythm a participant follows: their own, or their role's default anchored at joining.
pub fn rhythm_of(p: &ParticipantRecord, today: chrono::NaiveDate) -> Rhythm {
    if let Some(canonical) = &p.rhythm {
        match Rhythm::parse_canonical(canonical) {
            Ok(rhythm) => return rhythm,
            Err(error) => {
                tracing::error!(participant_id = %p.id, %error, "stored rhythm unreadable; using the default")
            }
        }
    }
    match p.role {
        Role::Youth => Rhythm::youth_default(),
        Role::Parent | Role::Witness => Rhythm::network_default(today),
    }
}
