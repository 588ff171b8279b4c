//! The request to stop the process: Ctrl-C or SIGTERM, listened for from the start of a command, so a signal
//! that comes while it is still starting up is not lost (nor ends the process without its clean-up).
#[cfg(unix)]
use tokio::signal::unix::{signal, Signal, SignalKind};

pub struct StopSignal {
    #[cfg(unix)]
    interrupt: Signal,
    #[cfg(unix)]
    terminate: Signal,
}

impl StopSignal {
    /// Start listening (from here on the signals no longer end the process by themselves).
    pub fn listen() -> anyhow::Result<Self> {
        Ok(Self {
            #[cfg(unix)]
            interrupt: signal(SignalKind::interrupt())?,
            #[cfg(unix)]
            terminate: signal(SignalKind::terminate())?,
        })
    }

    /// Ready once Ctrl-C or SIGTERM has come (also when it came before this was awaited).
    pub async fn requested(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}
