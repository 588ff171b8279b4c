//! The firearm matching engine of Limes: serial numbers, makes, models and calibres read as officers write them
//! ([`serial`], [`attributes`]), the in-memory index of the firearm register with its ranked, explained look-up
//! ([`index`]), and a generator of realistic registers and written variants for the demo, the benchmark and the
//! evaluation ([`synthetic`]). Pure: no I/O.
pub mod attributes;
pub mod index;
pub mod serial;
pub mod synthetic;

pub use index::{Candidate, FirearmIndex, Query, Reason, ReasonCode, RegisterEntry, SerialMatch};
pub use serial::{normalize_serial, SerialKey};
