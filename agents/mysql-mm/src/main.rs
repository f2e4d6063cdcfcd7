//! `mysql-mm`: the ocf:rustha:mysql-mm resource agent. All logic lives in the `rustha_mysql_mm` library.

fn main() -> std::process::ExitCode {
    rustha::run::<rustha_mysql_mm::MysqlMm>()
}
