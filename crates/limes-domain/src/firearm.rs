//! Firearms: a record of the firearm register (lost, stolen, smuggled and trafficked weapons, iARMS-like) and a
//! trace request (ISACS 05.31) with its states — draft, sent, acknowledged, answered, and overdue when the due
//! date passed unanswered. Pure: no I/O, the day passed in.
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Why a weapon is in the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FirearmStatus {
    Lost,
    Stolen,
    Smuggled,
    Trafficked,
}

impl FirearmStatus {
    pub const ALL: [FirearmStatus; 4] = [
        FirearmStatus::Lost,
        FirearmStatus::Stolen,
        FirearmStatus::Smuggled,
        FirearmStatus::Trafficked,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            FirearmStatus::Lost => "lost",
            FirearmStatus::Stolen => "stolen",
            FirearmStatus::Smuggled => "smuggled",
            FirearmStatus::Trafficked => "trafficked",
        }
    }
    pub fn parse(s: &str) -> Option<FirearmStatus> {
        let s = s.trim().to_ascii_lowercase();
        FirearmStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// The kind of weapon (the ISACS 05.31 description's "type").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FirearmType {
    Pistol,
    Revolver,
    Rifle,
    Shotgun,
    SubmachineGun,
    MachineGun,
    Other,
}

impl FirearmType {
    pub const ALL: [FirearmType; 7] = [
        FirearmType::Pistol,
        FirearmType::Revolver,
        FirearmType::Rifle,
        FirearmType::Shotgun,
        FirearmType::SubmachineGun,
        FirearmType::MachineGun,
        FirearmType::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            FirearmType::Pistol => "pistol",
            FirearmType::Revolver => "revolver",
            FirearmType::Rifle => "rifle",
            FirearmType::Shotgun => "shotgun",
            FirearmType::SubmachineGun => "submachine_gun",
            FirearmType::MachineGun => "machine_gun",
            FirearmType::Other => "other",
        }
    }
    /// Read a type, with spaces or hyphens for underscores ("submachine gun").
    pub fn parse(s: &str) -> Option<FirearmType> {
        let s = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        FirearmType::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// One record of the firearm register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FirearmRecord {
    /// The reporting authority's reference; unique in the register.
    pub record_id: String,
    /// The serial number as the reporting authority wrote it.
    pub serial: String,
    pub make: String,
    pub model: String,
    pub calibre: String,
    #[serde(rename = "type")]
    pub firearm_type: FirearmType,
    /// ISO 3166-1 alpha-3 code.
    pub country_of_manufacture: String,
    pub status: FirearmStatus,
    pub reported_by: String,
    pub reported_on: NaiveDate,
}

/// Why a register record cannot be kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FirearmRecordError {
    #[error("record_id: empty")]
    NoRecordId,
    #[error("serial: empty")]
    NoSerial,
    #[error("make: empty")]
    NoMake,
    #[error("reported_by: empty")]
    NoReporter,
    #[error("{0}: longer than 128 characters")]
    TooLong(&'static str),
}

impl FirearmRecord {
    /// The record's own rules: a reference, a serial with a letter or digit, a make and a reporter; no field
    /// longer than 128 characters.
    pub fn validate(&self) -> Result<(), FirearmRecordError> {
        if self.record_id.trim().is_empty() {
            return Err(FirearmRecordError::NoRecordId);
        }
        if !self.serial.chars().any(char::is_alphanumeric) {
            return Err(FirearmRecordError::NoSerial);
        }
        if self.make.trim().is_empty() {
            return Err(FirearmRecordError::NoMake);
        }
        if self.reported_by.trim().is_empty() {
            return Err(FirearmRecordError::NoReporter);
        }
        for (field, value) in [
            ("record_id", &self.record_id),
            ("serial", &self.serial),
            ("make", &self.make),
            ("model", &self.model),
            ("calibre", &self.calibre),
            ("reported_by", &self.reported_by),
        ] {
            if value.chars().count() > 128 {
                return Err(FirearmRecordError::TooLong(field));
            }
        }
        Ok(())
    }
}

/// The weapon a trace request is about: its full description and markings (ISACS 05.31).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WeaponDescription {
    pub serial: String,
    pub make: String,
    pub model: String,
    pub calibre: String,
    #[serde(rename = "type")]
    pub firearm_type: Option<FirearmType>,
    /// ISO 3166-1 alpha-3, when known.
    pub country_of_manufacture: Option<String>,
    /// ISO 3166-1 alpha-3 of the last import, when known.
    pub country_of_last_import: Option<String>,
    /// Every marking as read (manufacturer's, import, proof marks), free text.
    #[serde(default)]
    pub markings: String,
}

/// Which country a trace asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TraceAddressee {
    /// The country of manufacture.
    Manufacture,
    /// The country of last import.
    LastImport,
}

impl TraceAddressee {
    pub fn as_str(self) -> &'static str {
        match self {
            TraceAddressee::Manufacture => "manufacture",
            TraceAddressee::LastImport => "last_import",
        }
    }
}

/// Where a trace request stands (stored; "overdue" is read from the due date, see [`TraceRequest::state_on`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TraceStatus {
    Draft,
    Sent,
    Acknowledged,
    Answered,
}

impl TraceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TraceStatus::Draft => "draft",
            TraceStatus::Sent => "sent",
            TraceStatus::Acknowledged => "acknowledged",
            TraceStatus::Answered => "answered",
        }
    }
}

/// Where a trace request stands on a given day, as the officer sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TraceState {
    Draft,
    Sent,
    Acknowledged,
    Answered,
    /// Sent or acknowledged, and the due date has passed without an answer.
    Overdue,
}

impl TraceState {
    pub fn as_str(self) -> &'static str {
        match self {
            TraceState::Draft => "draft",
            TraceState::Sent => "sent",
            TraceState::Acknowledged => "acknowledged",
            TraceState::Answered => "answered",
            TraceState::Overdue => "overdue",
        }
    }
}

/// Days a requested state has to answer when the request names no due date.
pub const DEFAULT_TRACE_DAYS: u64 = 30;

/// A trace request (ISACS 05.31): who asks, about which weapon, in what circumstances, which country is asked,
/// and how it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TraceRequest {
    pub id: String,
    /// ISO 3166-1 alpha-3 of the requesting state.
    pub requesting_state: String,
    pub requesting_authority: String,
    pub weapon: WeaponDescription,
    /// How and where the weapon was found or seized.
    pub circumstances: String,
    /// The seizure or register record the request comes from, as a reference string.
    pub reference: String,
    /// ISO 3166-1 alpha-3 of the country asked.
    pub country_asked: String,
    pub addressee: TraceAddressee,
    pub status: TraceStatus,
    pub sent_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub acknowledged_on: Option<NaiveDate>,
    pub answered_on: Option<NaiveDate>,
    /// The requested state's answer.
    pub answer: Option<String>,
    /// The BCP (or the centre) where it was raised.
    pub raised_at: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A change of a trace request's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum TraceAction {
    /// Sent on `on`, due `due_on` (default: [`DEFAULT_TRACE_DAYS`] later).
    Send { due_on: Option<NaiveDate> },
    /// The requested state acknowledged it.
    Acknowledge,
    /// The requested state answered.
    Answer { answer: String },
}

/// Why a trace request cannot change so.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TraceError {
    #[error("status: a {from} request cannot be {action}")]
    Transition {
        from: &'static str,
        action: &'static str,
    },
    #[error("due_on: the due date {due} is before the day it is sent ({sent})")]
    DueBeforeSent { due: NaiveDate, sent: NaiveDate },
    #[error("answer: empty")]
    EmptyAnswer,
}

impl TraceRequest {
    /// Where the request stands on `today`.
    pub fn state_on(&self, today: NaiveDate) -> TraceState {
        match self.status {
            TraceStatus::Draft => TraceState::Draft,
            TraceStatus::Answered => TraceState::Answered,
            TraceStatus::Sent | TraceStatus::Acknowledged
                if self.due_on.is_some_and(|due| today > due) =>
            {
                TraceState::Overdue
            }
            TraceStatus::Sent => TraceState::Sent,
            TraceStatus::Acknowledged => TraceState::Acknowledged,
        }
    }

    /// Apply an action on `today`: draft → sent → acknowledged → answered (an answer may come without an
    /// acknowledgement).
    pub fn apply(&mut self, action: &TraceAction, today: NaiveDate) -> Result<(), TraceError> {
        let from = self.state_on(today).as_str();
        match (self.status, action) {
            (TraceStatus::Draft, TraceAction::Send { due_on }) => {
                let due = match due_on {
                    Some(d) if *d < today => {
                        return Err(TraceError::DueBeforeSent {
                            due: *d,
                            sent: today,
                        })
                    }
                    Some(d) => *d,
                    None => today
                        .checked_add_days(Days::new(DEFAULT_TRACE_DAYS))
                        .unwrap_or(today),
                };
                self.status = TraceStatus::Sent;
                self.sent_on = Some(today);
                self.due_on = Some(due);
            }
            (TraceStatus::Sent, TraceAction::Acknowledge) => {
                self.status = TraceStatus::Acknowledged;
                self.acknowledged_on = Some(today);
            }
            (TraceStatus::Sent | TraceStatus::Acknowledged, TraceAction::Answer { answer }) => {
                if answer.trim().is_empty() {
                    return Err(TraceError::EmptyAnswer);
                }
                self.status = TraceStatus::Answered;
                self.answered_on = Some(today);
                self.answer = Some(answer.trim().to_string());
            }
            (_, action) => {
                return Err(TraceError::Transition {
                    from,
                    action: match action {
                        TraceAction::Send { .. } => "sent",
                        TraceAction::Acknowledge => "acknowledged",
                        TraceAction::Answer { .. } => "answered",
                    },
                })
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn draft() -> TraceRequest {
        let at = day(1).and_hms_opt(9, 0, 0).unwrap().and_utc();
        TraceRequest {
            id: "T1".into(),
            requesting_state: "UTO".into(),
            requesting_authority: "Utopia Customs Service".into(),
            weapon: WeaponDescription {
                serial: "1975AK104233".into(),
                make: "Kalashnikov".into(),
                ..WeaponDescription::default()
            },
            circumstances: "found in a spare tyre".into(),
            reference: "SEIZ-1".into(),
            country_asked: "RUS".into(),
            addressee: TraceAddressee::Manufacture,
            status: TraceStatus::Draft,
            sent_on: None,
            due_on: None,
            acknowledged_on: None,
            answered_on: None,
            answer: None,
            raised_at: None,
            created_by: "officer".into(),
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn a_trace_goes_from_draft_to_answered_and_is_overdue_past_its_due_date() {
        let mut t = draft();
        assert_eq!(t.state_on(day(2)), TraceState::Draft);
        t.apply(
            &TraceAction::Send {
                due_on: Some(day(10)),
            },
            day(2),
        )
        .unwrap();
        assert_eq!(t.state_on(day(10)), TraceState::Sent);
        assert_eq!(t.state_on(day(11)), TraceState::Overdue);
        t.apply(&TraceAction::Acknowledge, day(12)).unwrap();
        assert_eq!(t.state_on(day(12)), TraceState::Overdue);
        t.apply(
            &TraceAction::Answer {
                answer: "exported 1991 to X".into(),
            },
            day(20),
        )
        .unwrap();
        assert_eq!(t.state_on(day(30)), TraceState::Answered);
        assert_eq!(t.answered_on, Some(day(20)));
    }

    #[test]
    fn wrong_transitions_and_dates_are_refused() {
        let mut t = draft();
        assert!(matches!(
            t.apply(&TraceAction::Acknowledge, day(2)),
            Err(TraceError::Transition { from: "draft", .. })
        ));
        assert!(matches!(
            t.apply(
                &TraceAction::Send {
                    due_on: Some(day(1))
                },
                day(2)
            ),
            Err(TraceError::DueBeforeSent { .. })
        ));
        t.apply(&TraceAction::Send { due_on: None }, day(2))
            .unwrap();
        assert_eq!(
            t.due_on,
            day(2).checked_add_days(Days::new(DEFAULT_TRACE_DAYS))
        );
        assert_eq!(
            t.apply(&TraceAction::Answer { answer: " ".into() }, day(3)),
            Err(TraceError::EmptyAnswer)
        );
    }

    #[test]
    fn records_and_their_columns_are_read() {
        assert_eq!(
            FirearmStatus::parse(" Stolen "),
            Some(FirearmStatus::Stolen)
        );
        assert_eq!(FirearmStatus::parse("misplaced"), None);
        assert_eq!(
            FirearmType::parse("Submachine gun"),
            Some(FirearmType::SubmachineGun)
        );
        let mut r = FirearmRecord {
            record_id: "R1".into(),
            serial: "--".into(),
            make: "Glock".into(),
            model: "17".into(),
            calibre: "9x19".into(),
            firearm_type: FirearmType::Pistol,
            country_of_manufacture: "AUT".into(),
            status: FirearmStatus::Lost,
            reported_by: "Police".into(),
            reported_on: day(1),
        };
        assert_eq!(r.validate(), Err(FirearmRecordError::NoSerial));
        r.serial = "ABC123".into();
        assert_eq!(r.validate(), Ok(()));
    }
}
