//! What a keyword table is: each entry names a keyword, where it may be written, what the
//! parser does with it (a handler, a warning naming why it is ignored, or a refusal) and how many
//! values follow it. The haproxy.cfg tables themselves are in the parser (`parser::table`); the
//! "did you mean" suggestion for a word that is no keyword comes from the same table.

/// Where a proxy keyword may be written: the side of the proxy it belongs to, and whether a
/// `defaults` section may carry it (with the refusal when not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// Any section of the table's kind.
    Any,
    /// `frontend` or `listen` (and `defaults`, unless refused there).
    Frontend,
    /// `backend` or `listen` (and `defaults`, unless refused there).
    Backend,
}

/// What the parser does with a keyword.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Status<H: 'static> {
    /// Implemented by this handler.
    Implemented(H),
    /// Accepted with a warning: it only tunes what this proxy does its own way (the reason,
    /// empty where the warning names none).
    Ignored(&'static str),
    /// Refused at its line and column: the reason.
    Refused(&'static str),
}

/// One keyword of a table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Keyword<H: 'static> {
    /// The keyword; a name ending in `*` matches every keyword with that prefix and is never
    /// suggested.
    pub name: &'static str,
    /// Where it may be written.
    pub side: Side,
    /// `Some(refusal)`: not allowed in `defaults`.
    pub not_in_defaults: Option<&'static str>,
    /// How many values follow it (for option lists such as `server` and `bind` options).
    pub values: usize,
    /// What is done with it.
    pub status: Status<H>,
}

impl<H: Copy> Keyword<H> {
    /// A keyword valid everywhere, taking no value.
    pub const fn new(name: &'static str, status: Status<H>) -> Self {
        Keyword {
            name,
            side: Side::Any,
            not_in_defaults: None,
            values: 0,
            status,
        }
    }

    /// Only on this side of a proxy.
    pub const fn side(mut self, side: Side) -> Self {
        self.side = side;
        self
    }

    /// Refused in `defaults` with this message.
    pub const fn not_in_defaults(mut self, refusal: &'static str) -> Self {
        self.not_in_defaults = Some(refusal);
        self
    }

    /// Followed by `n` values.
    pub const fn values(mut self, n: usize) -> Self {
        self.values = n;
        self
    }
}

/// The entry for `word`: an exact name first, then a `prefix*` one.
pub(crate) fn find<H: Copy>(
    table: &'static [Keyword<H>],
    word: &str,
) -> Option<&'static Keyword<H>> {
    table.iter().find(|k| k.name == word).or_else(|| {
        table.iter().find(|k| {
            k.name
                .strip_suffix('*')
                .is_some_and(|prefix| word.starts_with(prefix))
        })
    })
}

/// The names a table suggests from (its exact names).
pub(crate) fn names<H: Copy>(table: &'static [Keyword<H>]) -> Vec<&'static str> {
    table
        .iter()
        .map(|k| k.name)
        .filter(|n| !n.ends_with('*'))
        .collect()
}

/// "Did you mean" for `word` among a table's names.
pub(crate) fn suggest<H: Copy>(table: &'static [Keyword<H>], word: &str) -> Option<String> {
    nearest(word, &names(table))
}

/// Nearest candidate to `word` (Jaro-Winkler >= 0.7, or one edit away for short names), for
/// "did you mean".
pub fn nearest(word: &str, candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(s, c)| *s >= 0.7 || one_edit_apart(word, c))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}

/// Levenshtein distance <= 1, in one pass: a full distance matrix for every candidate made a
/// long unknown word cost quadratic time per keyword.
pub(crate) fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let head = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if head == short.len() {
        return true;
    }
    let skip = usize::from(short.len() == long.len());
    short[head + skip..] == long[head + 1..]
}
