fn main() -> std::process::ExitCode {
    rustha::run::<rustha_pgsqlchk::Pgsqlchk>()
}
