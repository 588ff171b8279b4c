//! One folder per domain: its routes (with the roles that may use them), its JSON handlers (`api`), its page
//! handlers and view models (`pages`; templates under `templates/<domain>/`). Handlers translate HTTP to a call of
//! a use case in `limes-app` and back; the rules are there, not here.
pub mod arms;
pub mod audit;
pub mod check;
pub mod cooperation;
pub mod examination;
pub mod forms;
pub mod goods;
pub mod lists;
pub mod nodes;
pub mod operations;
pub mod org;
pub mod pax;
pub mod risk;
pub mod seizures;
pub mod session;
pub mod stay;
pub mod surveillance;
pub mod vehicles;
