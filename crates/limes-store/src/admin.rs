//! Administration of accounts beyond creating them ([`UserAdminStore`]: editing a user, one-time password reset
//! codes) and the second line's examination records ([`ExaminationStore`]).
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use limes_domain::audit::AuditEvent;
use limes_domain::examination::{Examination, ExaminationDetails};
use limes_domain::Role;

use crate::{StoreResult, User};

/// A user's editable account: everything but the username, the password and the creation time.
#[derive(Debug, Clone, PartialEq)]
pub struct UserUpdate {
    pub display_name: String,
    pub role: Role,
    pub agency: String,
    pub bcps: Vec<String>,
    /// BCP 47 tag; `None` for the installation's default.
    pub language: Option<String>,
    pub active: bool,
}

/// A one-time password reset code, as stored: only its hash.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPasswordReset {
    pub code_hash: String,
    pub user_id: String,
    /// Username of the administrator who issued it.
    pub issued_by: String,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[async_trait]
pub trait UserAdminStore: Send + Sync + 'static {
    /// Change a user's account; deactivating ends their sessions. `NotFound` for an unknown user; `Conflict` when
    /// the change would leave the installation without an active administrator (nothing is changed then).
    async fn update_user(
        &self,
        id: &str,
        update: UserUpdate,
        audit: AuditEvent,
    ) -> StoreResult<User>;
    /// Keep a new reset code for the user; any earlier unused code of theirs stops working.
    async fn create_password_reset(
        &self,
        reset: NewPasswordReset,
        audit: AuditEvent,
    ) -> StoreResult<()>;
    /// The active user an unused code that has not expired at `now` belongs to.
    async fn password_reset_user(
        &self,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<User>>;
    /// Use the code: set the password, end the user's sessions, mark the code used. `NotFound` when the code
    /// is unknown, used, expired at `now` or its user inactive (nothing is changed then).
    async fn use_password_reset(
        &self,
        code_hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
        audit: AuditEvent,
    ) -> StoreResult<()>;
}

/// An examination to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewExamination {
    pub crossing_id: String,
    pub officer: String,
    pub recorded_at: DateTime<Utc>,
    pub details: ExaminationDetails,
}

#[async_trait]
pub trait ExaminationStore: Send + Sync + 'static {
    /// Record an examination of a crossing (its BCP is the crossing's). `NotFound` for an unknown crossing.
    async fn record_examination(
        &self,
        exam: NewExamination,
        audit: AuditEvent,
    ) -> StoreResult<Examination>;
    /// The examinations of a crossing, oldest first.
    async fn examinations_of(&self, crossing_id: &str) -> StoreResult<Vec<Examination>>;
}
