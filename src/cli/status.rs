//! The exit status of `check` (SPEC §13.3) and the counts of the summary line.

use crate::rules::Severity;

/// The lowest severity that makes `check` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub(crate) fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// The finding counts of the summary line and the JSON `summary`.
#[derive(Debug, Default)]
pub(crate) struct Summary {
    pub(crate) reports: usize,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) infos: usize,
    pub(crate) max: Option<Severity>,
}

impl Summary {
    /// The exit status of SPEC §13.3 once everything is written: 1 when a
    /// finding reaches `--fail-on`, else 0 (2, "could not run", is decided
    /// before and while writing).
    pub(crate) fn exit_status(&self, fail_on: FailOn) -> i32 {
        match fail_on.threshold() {
            Some(t) if self.max.is_some_and(|m| m >= t) => 1,
            _ => 0,
        }
    }

    /// Count findings of these severities.
    pub(crate) fn add(&mut self, sevs: impl Iterator<Item = Severity>) {
        for sev in sevs {
            match sev {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            self.max = self.max.max(Some(sev));
        }
    }
}
