//! `vip`: the ocf:rustha:vip resource agent. All logic lives in the `rustha_vip` library.

fn main() -> std::process::ExitCode {
    rustha::run::<rustha_vip::Vip>()
}
