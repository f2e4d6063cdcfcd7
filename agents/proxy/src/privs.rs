//! `user`/`group` (`uid`/`gid`): once its listeners are bound, the daemon gives up root as
//! HAProxy does, so the threads that parse what clients send hold no privilege.
//!
//! HAProxy reloads by starting a new process from a master that stays root. This proxy reloads
//! in place, and a reload may bind an address below 1024, so the main thread (which binds,
//! reloads and runs the health checks and admin sockets) keeps one capability,
//! `CAP_NET_BIND_SERVICE`; the worker threads keep none. Linux credentials are per thread:
//! glibc's `setuid`/`setgid`/`setgroups` switch every thread, `PR_SET_KEEPCAPS` and `capset`
//! only the calling one, which is what lets the main thread alone keep its capability.
//!
//! Where this differs from HAProxy on purpose: `user` without `group` takes the user's primary
//! group (HAProxy would keep group root), and `chroot` is not applied (see the configuration's
//! warning).

use caps::{CapSet, Capability, CapsHashSet};
use nix::unistd::{Gid, Uid};

use crate::config::Global;

/// The ids to switch to, if the file asks for any.
fn target(g: &Global) -> Option<(Uid, Gid)> {
    if g.uid.is_none() && g.gid.is_none() {
        return None;
    }
    let uid = g.uid.map(Uid::from_raw).unwrap_or_else(Uid::effective);
    let gid = g.gid.map(Gid::from_raw).unwrap_or_else(|| {
        nix::unistd::User::from_uid(uid)
            .ok()
            .flatten()
            .map(|u| u.gid)
            .unwrap_or_else(Gid::effective)
    });
    Some((uid, gid))
}

/// Whether the switch can happen: root may become anyone, anyone else only itself. Called
/// before the daemon reports ready, so a start that cannot switch fails instead of running
/// with the wrong identity.
pub fn check(g: &Global) -> Result<(), String> {
    let Some((uid, gid)) = target(g) else {
        return Ok(());
    };
    if Uid::effective().is_root() || (uid == Uid::effective() && gid == Gid::effective()) {
        Ok(())
    } else {
        Err(format!(
            "cannot switch to uid {uid} gid {gid}: the daemon does not run as root"
        ))
    }
}

/// Switch every thread to the configured user and group; the calling (main) thread keeps
/// `CAP_NET_BIND_SERVICE` for binds at reload. Returns what it did, for the log.
pub fn drop_root(g: &Global) -> Result<Option<String>, String> {
    let Some((uid, gid)) = target(g) else {
        return Ok(None);
    };
    if !Uid::effective().is_root() {
        return Ok(None);
    }
    let fail = |what: &str, e: &dyn std::fmt::Display| format!("cannot {what}: {e}");
    nix::sys::prctl::set_keepcaps(true).map_err(|e| fail("keep capabilities", &e))?;
    nix::unistd::setgroups(&[gid]).map_err(|e| fail("set the supplementary groups", &e))?;
    nix::unistd::setgid(gid).map_err(|e| fail(&format!("switch to gid {gid}"), &e))?;
    nix::unistd::setuid(uid).map_err(|e| fail(&format!("switch to uid {uid}"), &e))?;
    let keep: CapsHashSet = [Capability::CAP_NET_BIND_SERVICE].into_iter().collect();
    if !uid.is_root() {
        // Permitted first (it bounds Effective), then Effective; Inheritable stays empty.
        caps::set(None, CapSet::Permitted, &keep)
            .map_err(|e| fail("keep CAP_NET_BIND_SERVICE", &e))?;
        caps::set(None, CapSet::Effective, &keep)
            .map_err(|e| fail("raise CAP_NET_BIND_SERVICE", &e))?;
    }
    nix::sys::prctl::set_keepcaps(false).map_err(|e| fail("reset keep-capabilities", &e))?;
    Ok(Some(format!("running as uid {uid} gid {gid}")))
}
