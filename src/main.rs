//! The `ogi-lens` binary: argument parsing, then the TUI or `check`.
use clap::{Parser, Subcommand};
use ogi_lens::cli::{self, CheckOptions, FailOn, Format};
use ogi_lens::report::Severity;
use ogi_lens::rules::RuleSet;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "ogi-lens",
    version,
    args_conflicts_with_subcommands = true,
    about = "Check and browse 政府信息公开工作年度报告 (government information disclosure annual reports)"
)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// With no subcommand: browse the reports in a terminal UI.
    #[command(flatten)]
    tui: ogi_lens::tui::TuiArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check reports headlessly and print findings (exit 1 on findings at --fail-on level).
    Check {
        /// Files and folders (searched recursively for *.txt *.md *.markdown *.html *.htm).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Lowest severity that makes the exit status 1.
        #[arg(long, value_enum, default_value = "error")]
        fail_on: FailOn,
        /// Turn a rule off (repeatable), e.g. --disable X-5.
        #[arg(long = "disable", value_name = "RULE")]
        disable: Vec<String>,
        /// Change a rule's severity (repeatable), e.g. --severity T2-4=warning.
        #[arg(long = "severity", value_name = "RULE=LEVEL")]
        severity: Vec<String>,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    match args.command {
        Some(Command::Check {
            paths,
            format,
            fail_on,
            disable,
            severity,
        }) => {
            let mut rules = RuleSet {
                disabled: disable,
                ..RuleSet::default()
            };
            for s in severity {
                let Some((id, level)) = s.split_once('=') else {
                    eprintln!("ogi-lens: --severity wants RULE=LEVEL, got {s:?}");
                    return ExitCode::from(2);
                };
                let Some(level) = Severity::parse(level) else {
                    eprintln!("ogi-lens: unknown severity {level:?} (use error, warning or info)");
                    return ExitCode::from(2);
                };
                rules.severity.insert(id.to_string(), level);
            }
            let opts = CheckOptions {
                paths,
                format,
                fail_on,
                rules,
            };
            let code = cli::check(
                &opts,
                &mut std::io::stdout().lock(),
                &mut std::io::stderr().lock(),
            );
            ExitCode::from(code as u8)
        }
        None => match ogi_lens::tui::run(args.tui) {
            Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
            Err(msg) => {
                eprintln!("ogi-lens: {msg}");
                ExitCode::from(2)
            }
        },
    }
}
