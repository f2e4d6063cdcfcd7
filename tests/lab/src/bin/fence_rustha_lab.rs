//! `fence_rustha_lab`: the fence agent of the cluster lab's power switch (see
//! `rustha_lab::fence`); Pacemaker finds it as `/usr/sbin/fence_rustha_lab` inside the lab's
//! nodes.

fn main() -> std::process::ExitCode {
    rustha_lab::fence::agent_main()
}
