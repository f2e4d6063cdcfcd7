//! HAProxy's line syntax: words separated by blanks, `#` comments, backslash escapes
//! (`\ `, `\#`, `\\`, `\"`, `\'`, and `\r`, `\n`, `\t` for control characters), double quotes (escapes honoured) and single quotes (taken
//! literally). Every word keeps its 1-based column so diagnostics can point at it.

/// One word of a configuration line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word after quotes and escapes were resolved.
    pub text: String,
    /// 1-based column (in characters) where it starts.
    pub col: usize,
}

/// Split one line into words. An unterminated quote is an error naming its column.
pub fn split(line: &str) -> Result<Vec<Word>, (usize, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut words = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if i >= chars.len() || chars[i] == '#' {
            break;
        }
        let start = i;
        let mut text = String::new();
        while i < chars.len() && !chars[i].is_whitespace() {
            match chars[i] {
                '#' => break,
                '\\' if i + 1 < chars.len() => {
                    text.push(unescape(chars[i + 1]));
                    i += 2;
                }
                '"' => {
                    let open = i;
                    i += 1;
                    loop {
                        match chars.get(i) {
                            None => return Err((open + 1, "unmatched double quote".into())),
                            Some('"') => break,
                            Some('\\') if i + 1 < chars.len() => {
                                text.push(unescape(chars[i + 1]));
                                i += 2;
                            }
                            Some(c) => {
                                text.push(*c);
                                i += 1;
                            }
                        }
                    }
                    i += 1;
                }
                '\'' => {
                    let open = i;
                    i += 1;
                    loop {
                        match chars.get(i) {
                            None => return Err((open + 1, "unmatched single quote".into())),
                            Some('\'') => break,
                            Some(c) => {
                                text.push(*c);
                                i += 1;
                            }
                        }
                    }
                    i += 1;
                }
                c => {
                    text.push(c);
                    i += 1;
                }
            }
        }
        words.push(Word {
            text,
            col: start + 1,
        });
        if i < chars.len() && chars[i] == '#' {
            break;
        }
    }
    Ok(words)
}

/// HAProxy's control-character escapes (`\r`, `\n`, `\t`); anything else stands for itself.
fn unescape(c: char) -> char {
    match c {
        'r' => '\r',
        'n' => '\n',
        't' => '\t',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        split(line).unwrap().into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn words_escapes_quotes_and_comments() {
        assert_eq!(
            texts("stats realm Haproxy\\ Statistics # comment"),
            ["stats", "realm", "Haproxy Statistics"]
        );
        assert_eq!(texts("  a \"b c\" 'd\\e'f"), ["a", "b c", "d\\ef"]);
        assert_eq!(texts("x#y"), ["x"]);
        assert_eq!(texts("   # only a comment"), Vec::<String>::new());
        let w = split("  server  s1").unwrap();
        assert_eq!((w[0].col, w[1].col), (3, 11));
        assert_eq!(split("a \"open").unwrap_err().0, 3);
        assert_eq!(texts("HTTP/1.1\\r\\nHost:\\ x"), ["HTTP/1.1\r\nHost: x"]);
    }
}
