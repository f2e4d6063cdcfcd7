//! HAProxy's health counter, as a pure state machine (no I/O, no clock) so the hysteresis can
//! be tested exactly.
//!
//! One counter per checked server, from 0 to `rise + fall - 1`; UP when it is `>= rise`. A failed
//! check subtracts one, and falling below `rise` snaps it to 0 (DOWN); a good check adds one, and
//! reaching `rise` snaps it to the top. Servers start at `rise` (UP, one failure from DOWN).

use std::time::Duration;

/// What one check concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Passed.
    Pass,
    /// Passed but asked to stop new traffic (`disable-on-404`).
    CondPass,
    /// Failed.
    Fail,
}

/// The counter and the operational state it implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Health {
    /// Current counter.
    pub health: u32,
    /// `rise`.
    pub rise: u32,
    /// `fall`.
    pub fall: u32,
    /// The server is operational (UP or NOLB).
    pub up: bool,
    /// Last good check asked for no new traffic (404 with disable-on-404).
    pub nolb: bool,
}

/// A change of the operational state caused by a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// Became operational.
    Up,
    /// Stopped being operational.
    Down,
    /// Operational state unchanged (the counter may have moved).
    None,
}

impl Health {
    /// A freshly configured server: UP, counter at `rise`.
    pub fn new(rise: u32, fall: u32) -> Self {
        Health {
            health: rise,
            rise,
            fall,
            up: true,
            nolb: false,
        }
    }

    /// The counter's top value.
    pub fn top(&self) -> u32 {
        self.rise + self.fall - 1
    }

    /// Apply one check result.
    pub fn apply(&mut self, o: Outcome) -> Transition {
        match o {
            Outcome::Fail => {
                if self.health > 0 {
                    self.health -= 1;
                    if self.health < self.rise {
                        self.health = 0;
                    }
                }
            }
            Outcome::Pass | Outcome::CondPass => {
                if self.health < self.top() {
                    self.health += 1;
                    if self.health >= self.rise {
                        self.health = self.top();
                    }
                }
                // HAProxy 2.6 (oracle): a 404 only stops new traffic to a server that was
                // already up; one coming back from DOWN on a 404 comes back UP.
                self.nolb = o == Outcome::CondPass && self.up;
            }
        }
        let now_up = if self.up {
            self.health > 0
        } else {
            self.health >= self.rise
        };
        let t = match (self.up, now_up) {
            (false, true) => Transition::Up,
            (true, false) => Transition::Down,
            _ => Transition::None,
        };
        self.up = now_up;
        t
    }

    /// The next check interval, as HAProxy picks it: `inter` when fully up, `downinter` when
    /// fully down, `fastinter` in between.
    pub fn interval(&self, inter: Duration, fastinter: Duration, downinter: Duration) -> Duration {
        if self.health == self.top() {
            inter
        } else if self.health == 0 && !self.up {
            downinter
        } else {
            fastinter
        }
    }

    /// The status word HAProxy shows for a checked server (`UP`, `UP 1/3`, `DOWN 1/2`, `DOWN`,
    /// `NOLB`).
    pub fn status(&self) -> String {
        if self.up {
            let base = if self.nolb { "NOLB" } else { "UP" };
            if self.health < self.top() {
                format!("{base} {}/{}", self.health + 1 - self.rise, self.fall)
            } else {
                base.to_string()
            }
        } else if self.health == 0 {
            "DOWN".to_string()
        } else {
            format!("DOWN {}/{}", self.health, self.rise)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Outcome::{Fail as F, Pass as S};
    use super::*;

    fn run(h: &mut Health, seq: &[Outcome]) -> Vec<Transition> {
        seq.iter().map(|o| h.apply(*o)).collect()
    }

    #[test]
    fn ffsff_from_start_ends_down() {
        // Servers start at `rise`: the first failure marks them DOWN, and one success
        // afterwards is not enough to come back.
        let mut h = Health::new(2, 3);
        let t = run(&mut h, &[F, F, S, F, F]);
        assert_eq!(t[0], Transition::Down);
        assert!(!h.up);
        assert_eq!(h.status(), "DOWN");
    }

    #[test]
    fn ffsff_from_full_health_stays_up_as_haproxy_2_6() {
        // Measured on HAProxy 2.6 (rise 2, fall 3): S S S F F S F F shows UP, UP 2/3, UP 1/3,
        // UP, UP 2/3, UP 1/3 - a success while UP snaps the counter back to the top.
        let mut h = Health::new(2, 3);
        h.apply(S);
        assert_eq!((h.health, h.status().as_str()), (4, "UP"));
        let seen: Vec<String> = [F, F, S, F, F]
            .iter()
            .map(|o| {
                h.apply(*o);
                h.status()
            })
            .collect();
        assert_eq!(seen, ["UP 2/3", "UP 1/3", "UP", "UP 2/3", "UP 1/3"]);
        assert_eq!(h.apply(F), Transition::Down);
    }

    #[test]
    fn fall_consecutive_failures_from_full_health() {
        let mut h = Health::new(2, 3);
        h.apply(S);
        assert_eq!(h.apply(F), Transition::None);
        assert_eq!(h.status(), "UP 2/3");
        assert_eq!(h.apply(F), Transition::None);
        assert_eq!(h.status(), "UP 1/3");
        assert_eq!(h.apply(F), Transition::Down);
    }

    #[test]
    fn start_state_is_one_failure_from_down() {
        let mut h = Health::new(2, 3);
        assert!(h.up);
        assert_eq!(h.status(), "UP 1/3");
        assert_eq!(h.apply(F), Transition::Down);
    }

    #[test]
    fn rise_consecutive_successes_to_come_back() {
        let mut h = Health::new(3, 2);
        h.apply(F);
        assert!(!h.up);
        assert_eq!(run(&mut h, &[S, S]), [Transition::None, Transition::None]);
        assert_eq!(h.status(), "DOWN 2/3");
        assert_eq!(h.apply(F), Transition::None);
        assert_eq!(h.health, 0, "a failure while rising starts over");
        assert_eq!(
            run(&mut h, &[S, S, S]),
            [Transition::None, Transition::None, Transition::Up]
        );
        assert_eq!(h.health, h.top());
    }

    #[test]
    fn intervals() {
        let (i, f, d) = (
            Duration::from_secs(2),
            Duration::from_secs(1),
            Duration::from_secs(5),
        );
        let mut h = Health::new(2, 3);
        assert_eq!(h.interval(i, f, d), f, "start-up is a transition");
        h.apply(S);
        assert_eq!(h.interval(i, f, d), i);
        h.apply(F);
        assert_eq!(h.interval(i, f, d), f);
        h.apply(F);
        h.apply(F);
        assert_eq!(h.interval(i, f, d), d);
    }

    #[test]
    fn a_404_brings_a_down_server_up_not_nolb() {
        let mut h = Health::new(2, 2);
        h.apply(F);
        assert_eq!(h.apply(Outcome::CondPass), Transition::None);
        assert_eq!(h.status(), "DOWN 1/2");
        assert_eq!(h.apply(Outcome::CondPass), Transition::Up);
        assert_eq!(h.status(), "UP");
        h.apply(Outcome::CondPass);
        assert_eq!(h.status(), "NOLB");
    }

    #[test]
    fn nolb_on_conditional_pass() {
        let mut h = Health::new(2, 3);
        h.apply(S);
        assert_eq!(h.apply(Outcome::CondPass), Transition::None);
        assert_eq!(h.status(), "NOLB");
        h.apply(S);
        assert_eq!(h.status(), "UP");
    }
}
