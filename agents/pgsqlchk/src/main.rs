//! `pgsqlchk`: the ocf:rustha:pgsqlchk resource agent and its daemon (`pgsqlchk run`). All
//! logic lives in the `rustha_pgsqlchk` library.

fn main() -> std::process::ExitCode {
    rustha::run::<rustha_pgsqlchk::Pgsqlchk>()
}
