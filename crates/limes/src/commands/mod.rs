//! One module per command of the `limes` binary: its clap arguments and its `run`.
pub mod audit;
pub mod bcp;
pub mod bench;
pub mod declaration;
pub mod demo;
pub mod eval;
pub mod eval_split;
pub mod import;
pub mod import_vehicles;
pub mod init;
pub mod mrz;
pub mod paxlst;
pub mod screen;
pub mod serve;
pub mod sync;
pub mod token;
pub mod user;
