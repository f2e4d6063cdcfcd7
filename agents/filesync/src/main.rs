//! `filesync`: the ocf:rustha:filesync resource agent and its daemon (`filesync run`). All logic
//! lives in the `rustha_filesync` library.

fn main() -> std::process::ExitCode {
    rustha::run::<rustha_filesync::Filesync>()
}
