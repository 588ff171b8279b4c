//! Risk analysis use cases: the indicator tables (by period and breakdown, with the same period a year earlier
//! and the coverage), the weeks flagged as far above their baseline, the figures entered by hand, the rules' effectiveness, and the import
//! of a legacy system's crossing history.
pub mod effectiveness;
pub mod history;
pub mod indicators;

pub use effectiveness::{effectiveness, RuleEffect, RuleFamily};
pub use history::import_crossings;
pub use indicators::*;
