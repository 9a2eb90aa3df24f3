//! Just enough JSON to read cargo's `--message-format=json` lines, so `cargo learn` needs no
//! dependencies (it must build in seconds, offline, on a fresh clone).

#[derive(Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The value of `key` in an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// Follows a path of keys: `json.path(&["target", "name"])`.
    pub fn path(&self, keys: &[&str]) -> Option<&Json> {
        keys.iter().try_fold(self, |value, key| value.get(key))
    }
}

/// Parses one complete JSON document; `None` if it is not valid JSON.
pub fn parse(text: &str) -> Option<Json> {
    let mut parser = Parser {
        chars: text.chars().collect(),
        at: 0,
    };
    let value = parser.value()?;
    parser.skip_space();
    (parser.at == parser.chars.len()).then_some(value)
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn expect_word(&mut self, word: &str, value: Json) -> Option<Json> {
        for expected in word.chars() {
            (self.next()? == expected).then_some(())?;
        }
        Some(value)
    }

    fn value(&mut self) -> Option<Json> {
        self.skip_space();
        match self.peek()? {
            'n' => self.expect_word("null", Json::Null),
            't' => self.expect_word("true", Json::Bool(true)),
            'f' => self.expect_word("false", Json::Bool(false)),
            '"' => self.string().map(Json::String),
            '[' => {
                self.at += 1;
                let mut items = Vec::new();
                self.skip_space();
                if self.peek() == Some(']') {
                    self.at += 1;
                    return Some(Json::Array(items));
                }
                loop {
                    items.push(self.value()?);
                    self.skip_space();
                    match self.next()? {
                        ',' => continue,
                        ']' => return Some(Json::Array(items)),
                        _ => return None,
                    }
                }
            }
            '{' => {
                self.at += 1;
                let mut fields = Vec::new();
                self.skip_space();
                if self.peek() == Some('}') {
                    self.at += 1;
                    return Some(Json::Object(fields));
                }
                loop {
                    self.skip_space();
                    let key = self.string()?;
                    self.skip_space();
                    (self.next()? == ':').then_some(())?;
                    fields.push((key, self.value()?));
                    self.skip_space();
                    match self.next()? {
                        ',' => continue,
                        '}' => return Some(Json::Object(fields)),
                        _ => return None,
                    }
                }
            }
            _ => {
                let start = self.at;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_digit() || "+-.eE".contains(c))
                {
                    self.at += 1;
                }
                let number: String = self.chars[start..self.at].iter().collect();
                number.parse().ok().map(Json::Number)
            }
        }
    }

    fn string(&mut self) -> Option<String> {
        (self.next()? == '"').then_some(())?;
        let mut out = String::new();
        loop {
            match self.next()? {
                '"' => return Some(out),
                '\\' => match self.next()? {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'u' => {
                        let unit = self.hex4()?;
                        // A surrogate pair encodes one character outside the basic plane.
                        let c = if (0xD800..0xDC00).contains(&unit) {
                            (self.next()? == '\\' && self.next()? == 'u').then_some(())?;
                            let low = self.hex4()?;
                            char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?
                        } else {
                            char::from_u32(unit)?
                        };
                        out.push(c);
                    }
                    other => out.push(other), // \" \\ \/
                },
                c => out.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits: String = (0..4).map(|_| self.next()).collect::<Option<_>>()?;
        u32::from_str_radix(&digits, 16).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_cargo_artifact_line() {
        let line = r#"{"reason":"compiler-artifact","target":{"kind":["test"],"name":"ex01_first_message"},"executable":"/t/deps/ex01-abc","fresh":false,"n":-1.5e2,"x":null}"#;
        let json = parse(line).expect("valid");
        assert_eq!(
            json.path(&["target", "name"]).and_then(Json::as_str),
            Some("ex01_first_message")
        );
        assert_eq!(
            json.get("executable").and_then(Json::as_str),
            Some("/t/deps/ex01-abc")
        );
        assert_eq!(json.get("n"), Some(&Json::Number(-150.0)));
    }

    #[test]
    fn unescapes_strings() {
        let json = parse(r#""a\nb \"q\" \u00e9 \ud83d\ude00 \\""#).expect("valid");
        assert_eq!(json.as_str(), Some("a\nb \"q\" é 😀 \\"));
    }

    #[test]
    fn rejects_broken_json() {
        for bad in [
            "",
            "{",
            r#"{"a":}"#,
            "[1,",
            r#""open"#,
            "tru",
            "{} x",
            r#""\u12""#,
        ] {
            assert!(parse(bad).is_none(), "{bad:?} is not JSON");
        }
    }
}
